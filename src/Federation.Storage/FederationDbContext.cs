using Federation.Core;
using Federation.Core.Audit;
using Federation.Core.Cases;
using Federation.Core.Delivery;
using Federation.Core.Inbox;
using Federation.Core.Treaties;
using Federation.Storage.Errors;
using Federation.Storage.LeanWrites;
using Federation.Storage.Transparency;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace Federation.Storage;

/// <summary>
/// The node's store: cases, shares, outbox, inbox, received summaries and the audit log.
/// SQLite (WAL) by default. Migrations: <c>dotnet ef migrations add NAME --project src/Federation.Storage</c>.
/// </summary>
public sealed class FederationDbContext(DbContextOptions<FederationDbContext> options) : DbContext(options)
{
    private IStoreErrorClassifier? _errors;
    private bool? _merkleLogOff;
    private StoreWriteGate? _gate;
    private bool _gateLooked;

    /// <summary>Off only in tests that compare the lean path's rows with EF Core's own for the same entities.</summary>
    internal bool LeanRowsEnabled { get; set; } = true;

    /// <summary>
    /// Whether lean rows are bound straight to SQLite's statements (<see cref="SqliteNativeRows"/>) rather than through
    /// ADO.NET commands; tests turn it off to compare the rows both paths write.
    /// </summary>
    internal bool NativeRowsEnabled { get; set; } = true;

    public DbSet<Case> Cases => Set<Case>();
    public DbSet<CaseShare> CaseShares => Set<CaseShare>();
    public DbSet<CaseAssessment> CaseAssessments => Set<CaseAssessment>();
    public DbSet<CaseLink> CaseLinks => Set<CaseLink>();
    public DbSet<OutboxMessage> Outbox => Set<OutboxMessage>();
    public DbSet<DeliveryReceipt> DeliveryReceipts => Set<DeliveryReceipt>();

    public DbSet<DeliveryReceiptHead> DeliveryReceiptHeads => Set<DeliveryReceiptHead>();
    public DbSet<Federation.Core.CatchUp.PeerLogEntry> PeerLog => Set<Federation.Core.CatchUp.PeerLogEntry>();
    public DbSet<Federation.Core.CatchUp.CatchUpCursor> CatchUpCursors => Set<Federation.Core.CatchUp.CatchUpCursor>();
    public DbSet<InboxEntry> Inbox => Set<InboxEntry>();
    public DbSet<ReceivedSummary> ReceivedSummaries => Set<ReceivedSummary>();
    public DbSet<QuarantinedEnvelope> Quarantine => Set<QuarantinedEnvelope>();
    public DbSet<AuditEntry> Audit => Set<AuditEntry>();
    public DbSet<PeerEndpoint> PeerEndpoints => Set<PeerEndpoint>();
    public DbSet<Federation.Core.Peers.PeerSuspension> PeerSuspensions => Set<Federation.Core.Peers.PeerSuspension>();
    public DbSet<TreatyVersionRecord> TreatyVersions => Set<TreatyVersionRecord>();
    public DbSet<TreatySignature> TreatySignatures => Set<TreatySignature>();
    public DbSet<Federation.Core.Embargoes.EmbargoSignalRecord> EmbargoSignals => Set<Federation.Core.Embargoes.EmbargoSignalRecord>();
    public DbSet<Federation.Core.Deadlines.CaseReport> CaseReports => Set<Federation.Core.Deadlines.CaseReport>();
    public DbSet<Federation.Core.Embargoes.EmbargoContextRecord> EmbargoContexts => Set<Federation.Core.Embargoes.EmbargoContextRecord>();
    public DbSet<Federation.Core.Publication.PublishedAdvisory> PublishedAdvisories => Set<Federation.Core.Publication.PublishedAdvisory>();
    public DbSet<Federation.Core.Publication.ReceivedPublication> ReceivedPublications => Set<Federation.Core.Publication.ReceivedPublication>();
    public DbSet<Federation.Core.Publication.CsafDistributionEntry> CsafDistribution => Set<Federation.Core.Publication.CsafDistributionEntry>();
    internal DbSet<LogNodeRow> LogNodes => Set<LogNodeRow>();
    internal DbSet<LogHeadRow> LogHeads => Set<LogHeadRow>();
    internal DbSet<CheckpointRow> Checkpoints => Set<CheckpointRow>();
    internal DbSet<LogCertificateRow> LogCertificates => Set<LogCertificateRow>();
    internal DbSet<ConsistencyRefusalRow> ConsistencyRefusals => Set<ConsistencyRefusalRow>();
    public DbSet<Federation.Core.Transparency.LogFork> LogForks => Set<Federation.Core.Transparency.LogFork>();

    /// <summary>True only on a load tool's baseline node (<see cref="MerkleLogOffForBaseline"/>).</summary>
    private bool MerkleLogOff => _merkleLogOff ??=
        this.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()?.Interceptors?.OfType<MerkleLogOffForBaseline>().Any() == true;

    /// <summary>Tells this provider's failures apart (unique, foreign key, not null, full, busy …).</summary>
    private IStoreErrorClassifier Errors => _errors ??= StoreErrorClassifiers.For(Database.ProviderName);

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(FederationDbContext).Assembly);

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite cannot order DateTimeOffset; UTC ticks order, compare and round-trip exactly.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
        configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<UtcTicksConverter>();
    }

    /// <summary>
    /// Opens the connection on the first hot-path query and keeps it for the rest of the unit of work
    /// (the pool closes it when the scope ends): EF Core otherwise opens and closes it around every
    /// query, and each open registers EF's SQL functions on the connection again. A failure to open
    /// (or to apply the size cap) leaves the connection closed and is reported like any store error.
    /// </summary>
    internal void KeepOpen()
    {
        var connection = Database.GetDbConnection();
        if (connection.State == System.Data.ConnectionState.Open)
        {
            return;
        }

        try
        {
            Database.OpenConnection();
        }
        catch (Exception ex) when (Errors.Classify(ex) is { } failure)
        {
            if (connection.State != System.Data.ConnectionState.Closed)
            {
                connection.Close();
            }

            throw StoreErrors.Translate(failure);
        }
    }

    /// <summary>
    /// Saves the unit of work. When it holds audit entries, they are appended to the log in the same transaction:
    /// BEGIN IMMEDIATE takes SQLite's write lock (across processes, not only threads), the head row read under it
    /// gives the next index, and the entries, their tree nodes and the new head commit with the change they record.
    /// New rows of the simple hot types (audit, inbox, received summaries) are then inserted through prepared commands
    /// (<see cref="LeanRows"/>), the rest by EF Core, all in that one transaction.
    /// </summary>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        if (!ChangeTracker.AutoDetectChangesEnabled)
        {
            return await SaveDetectedAsync(acceptAllChangesOnSuccess, cancellationToken);
        }

        // Changes are detected once, here: each look at the tracker below (the lean rows, the audit entries) and EF's own
        // save would otherwise detect them again, a walk over every tracked entity each time (3-6 % of the share load's CPU).
        ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            DetectChangesOfAllButNewLeanRows();
            return await SaveDetectedAsync(acceptAllChangesOnSuccess, cancellationToken);
        }
        finally
        {
            ChangeTracker.AutoDetectChangesEnabled = true;
        }
    }

    /// <summary>
    /// What <c>ChangeTracker.DetectChanges()</c> does, entry by entry, leaving out the new rows of the lean types.
    /// A new row is inserted with its current values whatever they are, and a lean type has no navigation or foreign key
    /// to fix up and no key the store generates, so detecting one finds nothing to do; it still cost EF Core a walk of
    /// every property and a closure for each key property, for every audit, inbox and summary row of a share. Their keys
    /// are ids given at construction and never changed.
    /// </summary>
    private void DetectChangesOfAllButNewLeanRows()
    {
        // A list first: detecting an entry may start tracking others (through navigations), as in EF's own walk.
        foreach (var entry in ChangeTracker.Entries().ToList())
        {
            if (entry.State == EntityState.Added && LeanRowPlan.For(entry.Metadata) is not null)
            {
                continue;
            }

            entry.DetectChanges();
        }
    }

    private async Task<int> SaveDetectedAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken)
    {
        KeepOpen();
        // Not inside a caller's transaction: there EF writes its part under a savepoint it rolls back on failure, which
        // rows written before it would outlive (only the startup backfill saves so). Nor when the caller keeps the changes.
        var lean = LeanRowsEnabled && acceptAllChangesOnSuccess && Database.CurrentTransaction is null ? LeanRows.Collect(ChangeTracker) : LeanRows.None;
        var pendingAudit = ChangeTracker.Entries<AuditEntry>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList();
        if (Database.CurrentTransaction is { } outer)
        {
            // The caller commits; if it does not, its unit of work is discarded with the context. The caller's transaction
            // holds SQLite's lock already, or asks for it itself: no gate here.
            return pendingAudit.Count == 0 && lean.IsEmpty
                ? await SaveTranslatingErrorsAsync(acceptAllChangesOnSuccess, cancellationToken)
                : await SaveInAsync(outer.GetDbTransaction(), pendingAudit, lean, acceptAllChangesOnSuccess, cancellationToken);
        }

        if (pendingAudit.Count == 0 && lean.IsEmpty && !ChangeTracker.HasChanges())
        {
            // Nothing to write (changes are detected already): no lock to queue for.
            return 0;
        }

        // One writer of this store at a time, queued here rather than asleep in SQLite's busy handler.
        var gate = WriteGate();
        var entered = gate is not null && await gate.EnterAsync(cancellationToken);
        try
        {
            return pendingAudit.Count == 0 && lean.IsEmpty
                ? await SaveTranslatingErrorsAsync(acceptAllChangesOnSuccess, cancellationToken)
                : await SaveOwnTransactionAsync(pendingAudit, lean, acceptAllChangesOnSuccess, cancellationToken);
        }
        finally
        {
            if (entered)
            {
                gate!.Exit();
            }
        }
    }

    /// <summary>The store's gate, if its options carry one (a context built without <see cref="DependencyInjection"/> has none).</summary>
    private StoreWriteGate? WriteGate()
    {
        if (!_gateLooked)
        {
            _gate = this.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()?.Interceptors?.OfType<StoreWriteGate>().FirstOrDefault();
            _gateLooked = true;
        }

        return _gate;
    }

    private async Task<int> SaveOwnTransactionAsync(IReadOnlyList<AuditEntry> pendingAudit, LeanRows lean, bool acceptAllChangesOnSuccess, CancellationToken cancellationToken)
    {
        IDbContextTransaction transaction;
        try
        {
            transaction = await Database.BeginTransactionAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not FederationException && Errors.Classify(ex) is { } failure)
        {
            throw StoreErrors.Translate(failure);
        }

        await using (transaction)
        {
            var written = await SaveInAsync(transaction.GetDbTransaction(), pendingAudit, lean, acceptAllChangesOnSuccess: false, cancellationToken);
            try
            {
                await transaction.CommitAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is not FederationException && Errors.Classify(ex) is { } failure)
            {
                lean.Restore();
                throw StoreErrors.Translate(failure);
            }
            catch
            {
                lean.Restore();
                throw;
            }

            if (acceptAllChangesOnSuccess)
            {
                ChangeTracker.AcceptAllChanges();
            }

            return written;
        }
    }

    /// <summary>The log's leaves first (they seal the audit entries: sequence and hashes), then the lean rows, then EF's.</summary>
    private async Task<int> SaveInAsync(
        System.Data.Common.DbTransaction transaction, IReadOnlyList<AuditEntry> pendingAudit, LeanRows lean, bool acceptAllChangesOnSuccess,
        CancellationToken cancellationToken)
    {
        if (pendingAudit.Count > 0)
        {
            await AppendTranslatingErrorsAsync(transaction, pendingAudit, cancellationToken);
        }

        try
        {
            var inserted = 0;
            if (!lean.IsEmpty)
            {
                try
                {
                    inserted = await lean.WriteAsync(Database.GetDbConnection(), transaction, NativeRowsEnabled, cancellationToken);
                }
                catch (Exception ex) when (ex is not FederationException && Errors.Classify(ex) is { } failure)
                {
                    throw StoreErrors.Translate(failure);
                }
            }

            // Nothing left for EF Core once the lean rows are written (a share's usual unit): its save would still walk every
            // tracked entry and allocate for each (an eighth of what the share load allocated). Changes are detected already,
            // or the caller turned detection off, as EF's own save would then see them too.
            if (!lean.IsEmpty && !ChangeTracker.HasChanges())
            {
                return inserted;
            }

            return inserted + await SaveTranslatingErrorsAsync(acceptAllChangesOnSuccess, cancellationToken);
        }
        catch
        {
            lean.Restore();
            throw;
        }
    }

    private async Task AppendTranslatingErrorsAsync(System.Data.Common.DbTransaction transaction, IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken)
    {
        try
        {
            await LogAppender.AppendAsync(Database.GetDbConnection(), transaction, entries, cancellationToken, writeNodes: !MerkleLogOff);
        }
        catch (Exception ex) when (ex is not FederationException && Errors.Classify(ex) is { } failure)
        {
            throw StoreErrors.Translate(failure);
        }
    }

    private async Task<int> SaveTranslatingErrorsAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken)
    {
        try
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new FederationException(ErrorCode.Conflict, "The record was changed by someone else at the same moment; nothing was saved. Read it again and retry.");
        }
        catch (Exception ex) when (ex is not FederationException && Errors.Classify(ex) is { } failure)
        {
            // DbUpdateException wrapping the provider's, or the provider's own (a failed commit). A violation of one of
            // the domain's own unique rules is the domain's exception for that rule, and only that violation is.
            throw DomainConstraints.Translate(Model, failure) ?? StoreErrors.Translate(failure);
        }
    }
}
