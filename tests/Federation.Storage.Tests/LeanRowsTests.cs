using Federation.Core;
using Federation.Core.Audit;
using Federation.Core.Cases;
using Federation.Core.Inbox;
using Federation.Storage.LeanWrites;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Federation.Storage.Tests;

/// <summary>
/// The prepared-insert path for the hot new rows (audit, inbox, received summaries) writes exactly the rows EF Core
/// writes for the same entities, in the unit of work's one transaction, and a failure leaves nothing of the unit behind.
/// </summary>
public sealed class LeanRowsTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 2, 21, 30, 15, 123, TimeSpan.Zero);

    [Fact]
    public async Task Plans_ExistOnlyForTypesWrittenAsOnePlainRow()
    {
        await using var store = await StoreFixture.CreateAsync();
        await using var scope = store.Scope();
        var model = scope.ServiceProvider.GetRequiredService<FederationDbContext>().Model;

        Assert.NotNull(LeanRowPlan.For(model.FindEntityType(typeof(AuditEntry))!));
        Assert.NotNull(LeanRowPlan.For(model.FindEntityType(typeof(InboxEntry))!));
        Assert.NotNull(LeanRowPlan.For(model.FindEntityType(typeof(ReceivedSummary))!));
        // A sequence the store generates, a row other rows refer to, a row that refers to another: EF Core's to write.
        Assert.Null(LeanRowPlan.For(model.FindEntityType(typeof(Federation.Core.CatchUp.PeerLogEntry))!));
        Assert.Null(LeanRowPlan.For(model.FindEntityType(typeof(Case))!));
        Assert.Null(LeanRowPlan.For(model.FindEntityType(typeof(CaseLink))!));
    }

    [Fact]
    public async Task Plans_AreGivenToExactlyTheseTypes()
    {
        await using var store = await StoreFixture.CreateAsync();
        await using var scope = store.Scope();
        var model = scope.ServiceProvider.GetRequiredService<FederationDbContext>().Model;

        // A new type, or a change to one, that moves it in or out of the lean path shows here first.
        Assert.Equal(
            [
                "AuditEntry", "CaseReport", "CaseShare", "CatchUpCursor", "ConsistencyRefusalRow", "CsafDistributionEntry", "DeliveryReceipt", "DeliveryReceiptHead", "EmbargoContextRecord", "EmbargoSignalRecord",
                "InboxEntry", "LogHeadRow", "LogNodeRow", "OutboxMessage", "PeerEndpoint", "PeerSuspension", "PublishedAdvisory", "QuarantinedEnvelope",
                "ReceivedPublication", "ReceivedSummary", "TreatySignature", "TreatyVersionRecord",
            ],
            model.GetEntityTypes().Where(t => LeanRowPlan.For(t) is not null).Select(t => t.ClrType.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task EfCoresPartFailingAfterTheLeanRows_LeavesNothingAndPutsTheLeanEntriesBack()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = await StoreFixture.CreateAsync();
        await using var scope = store.Scope();
        var db = scope.ServiceProvider.GetRequiredService<FederationDbContext>();
        var inbox = new InboxEntry("msg-1", "FR", new string('a', 64), At);
        db.Inbox.Add(inbox);
        db.Audit.Add(AuditEntry.Create(TimeProvider.System, AuditKinds.EnvelopeAccepted, "peer:FR", "msg-1", "accepted"));
        // EF's to write (it refers to a case), and refused: the case was never saved.
        db.CaseLinks.Add(new CaseLink("FR-2026-0404", "DE-2026-0001", "DE", "ai-vuln-eu-2026", At));

        var error = await Assert.ThrowsAsync<FederationException>(() => db.SaveChangesAsync(ct));

        Assert.Equal(ErrorCode.FailedPrecondition, error.Code);
        Assert.Equal(EntityState.Added, db.Entry(inbox).State);
        Assert.Equal(EntityState.Added, db.ChangeTracker.Entries<AuditEntry>().Single().State);
        await using var check = store.Scope();
        var other = check.ServiceProvider.GetRequiredService<FederationDbContext>();
        Assert.Equal(0, await other.Inbox.CountAsync(ct));
        Assert.Equal(0, await other.Audit.CountAsync(ct));

        // Without the refused row, the same unit commits.
        db.ChangeTracker.Entries<CaseLink>().Single().State = EntityState.Detached;
        await db.SaveChangesAsync(ct);
        Assert.Equal(1, await other.Inbox.CountAsync(ct));
    }

    [Fact]
    public async Task Rows_AreTheRowsEfCoreWritesForTheSameEntities()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var lean = await StoreFixture.CreateAsync();
        await using var commands = await StoreFixture.CreateAsync();
        await using var ef = await StoreFixture.CreateAsync();

        // The same objects in every store (ids and salts are random): sealed at the same sequences, they make the same rows.
        var entities = Stage();
        var changes = new Dictionary<Path, long>();
        foreach (var (store, path) in new[] { (lean, Path.Native), (commands, Path.Commands), (ef, Path.EfCore) })
        {
            await using var scope = store.Scope();
            var db = scope.ServiceProvider.GetRequiredService<FederationDbContext>();
            Use(db, path);
            db.AddRange(entities);
            Assert.Equal(10, LeanCount(db));
            await db.SaveChangesAsync(ct);
            Assert.All(db.ChangeTracker.Entries(), e => Assert.Equal(EntityState.Unchanged, e.State));
            Assert.False(db.ChangeTracker.HasChanges());
            changes[path] = await TotalChangesAsync(db, ct);
        }

        // Not one row more: the sealed values are not written a second time by an UPDATE.
        Assert.Equal(changes[Path.EfCore], changes[Path.Native]);
        Assert.Equal(changes[Path.EfCore], changes[Path.Commands]);

        foreach (var table in new[] { "Audit", "Inbox", "ReceivedSummaries", "LogNodes", "LogHead", "Outbox" })
        {
            var expected = await RowsAsync(ef, table, ct);
            Assert.NotEmpty(expected);
            Assert.Equal(expected, await RowsAsync(lean, table, ct));
            Assert.Equal(expected, await RowsAsync(commands, table, ct));
        }

        // An empty text and an empty blob stay empty, not NULL (SQLite binds a text or blob without an address as NULL).
        Assert.Contains("Detail:text:|", string.Join("\n", await RowsAsync(lean, "Audit", ct)), StringComparison.Ordinal);
        Assert.Contains("Envelope:blob:|", Assert.Single(await RowsAsync(lean, "Outbox", ct)), StringComparison.Ordinal);
        // The lone surrogates' row reads back as the text its hash was computed over: the chain holds.
        await using (var reread = lean.Scope())
        {
            var stored = await reread.ServiceProvider.GetRequiredService<FederationDbContext>().Audit.AsNoTracking().OrderBy(a => a.Sequence).ToListAsync(ct);
            Assert.Contains(stored, a => a.Detail == "x\uFFFD\u2026 (3 more) \uFFFD end");
            Assert.Null(AuditChain.FirstBreak(stored));
        }

        // And EF Core reads the lean rows back as the entities that were written.
        await using var read = lean.Scope();
        var summary = await read.ServiceProvider.GetRequiredService<FederationDbContext>().ReceivedSummaries.AsNoTracking().SingleAsync(ct);
        Assert.Equal(Tlp.Amber, summary.Tlp);
        Assert.Equal(At, summary.ReceivedAt);
        Assert.Equal([new SummaryFieldValue("title", "Guardrail \"bypass\" ünicode"), new SummaryFieldValue("sector", "health")], summary.Fields);
        Assert.Null(summary.Fingerprint);
    }

    /// <summary>
    /// 45 new rows of two types in one unit (a group commit's worth, with the tree's node rows written several to a
    /// statement): the rows are exactly EF Core's, and a receipt kept before stands among many inserted beside it.
    /// </summary>
    [Fact]
    public async Task ManyRowsOfATypeInOneUnit_AreTheRowsEfCoreWrites()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var lean = await StoreFixture.CreateAsync();
        await using var ef = await StoreFixture.CreateAsync();
        var entities = new List<object>();
        for (var i = 0; i < 45; i++)
        {
            entities.Add(new InboxEntry($"msg-{i:D2}", "FR", new string((char)('a' + (i % 6)), 64), At.AddSeconds(i)));
            entities.Add(AuditEntry.Create(TimeProvider.System, AuditKinds.EnvelopeAccepted, "peer:FR", $"msg-{i:D2}", "accepted", $"i={i}"));
        }

        await using var commands = await StoreFixture.CreateAsync();
        foreach (var (store, path) in new[] { (lean, Path.Native), (commands, Path.Commands), (ef, Path.EfCore) })
        {
            await using var scope = store.Scope();
            var db = scope.ServiceProvider.GetRequiredService<FederationDbContext>();
            Use(db, path);
            db.AddRange(entities);
            await db.SaveChangesAsync(ct);
            Assert.False(db.ChangeTracker.HasChanges());
        }

        foreach (var table in new[] { "Audit", "Inbox", "LogNodes", "LogHead" })
        {
            var expected = await RowsAsync(ef, table, ct);
            Assert.True(expected.Count >= 45 || table == "LogHead", $"{table}: {expected.Count} rows");
            Assert.Equal(expected, await RowsAsync(lean, table, ct));
            Assert.Equal(expected, await RowsAsync(commands, table, ct));
        }

        await using (var scope = lean.Scope())
        {
            var outbox = scope.ServiceProvider.GetRequiredService<Federation.Core.Delivery.IOutbox>();
            outbox.KeepReceipt(new Federation.Core.Delivery.DeliveryReceipt("FR-M-07", "kept first", At));
            await scope.ServiceProvider.GetRequiredService<Federation.Core.Abstractions.IUnitOfWork>().SaveChangesAsync(ct);
        }

        await using (var scope = lean.Scope())
        {
            var outbox = scope.ServiceProvider.GetRequiredService<Federation.Core.Delivery.IOutbox>();
            for (var i = 0; i < 40; i++)
            {
                outbox.KeepReceipt(new Federation.Core.Delivery.DeliveryReceipt($"FR-M-{i:D2}", $"receipt {i}", At));
            }

            await scope.ServiceProvider.GetRequiredService<Federation.Core.Abstractions.IUnitOfWork>().SaveChangesAsync(ct);
            var kept = await outbox.ReceiptsAsync([.. Enumerable.Range(0, 40).Select(i => $"FR-M-{i:D2}")], ct);
            Assert.Equal(40, kept.Count);
            Assert.Equal("kept first", kept["FR-M-07"]);
            Assert.Equal("receipt 39", kept["FR-M-39"]);
        }
    }

    [Fact]
    public async Task AFailedLeanInsert_LeavesNothingOfTheUnitAndTheUnitAsItWas()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = await StoreFixture.CreateAsync();
        await using (var first = store.Scope())
        {
            var db = first.ServiceProvider.GetRequiredService<FederationDbContext>();
            db.Inbox.Add(new InboxEntry("msg-taken", "FR", new string('a', 64), At));
            db.Audit.Add(AuditEntry.Create(TimeProvider.System, AuditKinds.EnvelopeAccepted, "peer:FR", "msg-taken", "accepted"));
            await db.SaveChangesAsync(ct);
        }

        await using var second = store.Scope();
        var unit = second.ServiceProvider.GetRequiredService<FederationDbContext>();
        unit.Audit.Add(AuditEntry.Create(TimeProvider.System, AuditKinds.EnvelopeAccepted, "peer:FR", "msg-new", "accepted"));
        unit.PeerEndpoints.Add(new PeerEndpoint { Jurisdiction = "DE", Endpoint = "https://de.node.example:7443", UpdatedAt = At });
        unit.Inbox.Add(new InboxEntry("msg-new", "FR", new string('b', 64), At));
        unit.Inbox.Add(new InboxEntry("msg-taken", "FR", new string('c', 64), At));

        var error = await Assert.ThrowsAsync<FederationException>(() => unit.SaveChangesAsync(ct));

        Assert.Equal(ErrorCode.AlreadyExists, error.Code);
        Assert.All(unit.ChangeTracker.Entries(), e => Assert.Equal(EntityState.Added, e.State));
        await using var check = store.Scope();
        var db2 = check.ServiceProvider.GetRequiredService<FederationDbContext>();
        Assert.Equal(["msg-taken"], await db2.Inbox.Select(i => i.MessageId).ToListAsync(ct));
        Assert.Equal(1, await db2.Audit.CountAsync(ct));
        Assert.Empty(await db2.PeerEndpoints.ToListAsync(ct));
        Assert.Equal(1L, await db2.Database.SqlQueryRaw<long>("SELECT Size AS Value FROM LogHead").SingleAsync(ct));

        // The unit, put back as it was, commits once the conflict is gone.
        unit.Remove(unit.Inbox.Local.Single(i => i.MessageId == "msg-taken"));
        await unit.SaveChangesAsync(ct);
        Assert.Equal(2, await db2.Inbox.CountAsync(ct));
        Assert.Equal(2, await db2.Audit.CountAsync(ct));
        Assert.Single(await db2.PeerEndpoints.ToListAsync(ct));
        Assert.Equal(2L, await db2.Database.SqlQueryRaw<long>("SELECT Size AS Value FROM LogHead").SingleAsync(ct));
    }

    [Fact]
    public async Task ALeanRowChangedLater_IsWrittenAgain()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = await StoreFixture.CreateAsync();
        await using var scope = store.Scope();
        var db = scope.ServiceProvider.GetRequiredService<FederationDbContext>();
        var summary = new ReceivedSummary("FR-2026-0002", "FR");
        summary.Apply(1, At, Tlp.Amber, [new("title", "first")], "ai-vuln-eu-2026", 3, "msg-1", At);
        db.ReceivedSummaries.Add(summary);
        await db.SaveChangesAsync(ct);

        // The same tracked object, changed in the same unit of work (its field list too): EF Core sees the change.
        Assert.True(summary.Apply(2, At.AddSeconds(1), Tlp.Red, [new("title", "second")], "ai-vuln-eu-2026", 3, "msg-2", At.AddSeconds(1)));
        Assert.True(db.ChangeTracker.HasChanges());
        await db.SaveChangesAsync(ct);

        await using var check = store.Scope();
        var read = await check.ServiceProvider.GetRequiredService<FederationDbContext>().ReceivedSummaries.AsNoTracking().SingleAsync(ct);
        Assert.Equal((2L, Tlp.Red, "msg-2"), (read.Revision, read.Tlp, read.MessageId));
        Assert.Equal([new SummaryFieldValue("title", "second")], read.Fields);
    }

    [Fact]
    public async Task AChangedOutboxRow_IsTheRowEfCoreWrites()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var lean = await StoreFixture.CreateAsync();
        await using var commands = await StoreFixture.CreateAsync();
        await using var ef = await StoreFixture.CreateAsync();
        var changes = new Dictionary<Path, long>();
        foreach (var (store, path) in new[] { (lean, Path.Native), (commands, Path.Commands), (ef, Path.EfCore) })
        {
            await using var scope = store.Scope();
            var db = scope.ServiceProvider.GetRequiredService<FederationDbContext>();
            Use(db, path);
            var message = new Federation.Core.Delivery.OutboxMessage("msg-1", "DE", "FR-2026-0001", 1, [1, 2, 3], At);
            db.Outbox.Add(message);
            await db.SaveChangesAsync(ct);
            message.MarkAttemptFailed("Unavailable: DE down", permanent: false, new Federation.Core.Delivery.DeliveryBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1), 5), At);
            await db.SaveChangesAsync(ct);
            // The unit's objects keep what was saved: EF reverts a changed entry's values when it is set unchanged first.
            Assert.Equal((1, "Unavailable: DE down"), (message.Attempts, message.LastError));
            message.MarkDelivered(At.AddSeconds(5));
            db.DeliveryReceipts.Add(new Federation.Core.Delivery.DeliveryReceipt("msg-1", "receipt text", At.AddSeconds(5)));
            await db.SaveChangesAsync(ct);
            Assert.Equal((2, Federation.Core.Delivery.DeliveryState.Delivered), (message.Attempts, message.State));
            Assert.False(db.ChangeTracker.HasChanges());
            changes[path] = await TotalChangesAsync(db, ct);
        }

        Assert.Equal(changes[Path.EfCore], changes[Path.Native]);
        Assert.Equal(changes[Path.EfCore], changes[Path.Commands]);
        // The retry time has jitter: the one column that differs between the stores by design.
        static string WithoutRetryTime(string row) => string.Join("|", row.Split('|').Where(c => !c.StartsWith("NextAttemptAt:", StringComparison.Ordinal)));
        Assert.Equal((await RowsAsync(ef, "Outbox", ct)).Select(WithoutRetryTime), (await RowsAsync(lean, "Outbox", ct)).Select(WithoutRetryTime));
        Assert.Equal((await RowsAsync(ef, "Outbox", ct)).Select(WithoutRetryTime), (await RowsAsync(commands, "Outbox", ct)).Select(WithoutRetryTime));
        Assert.Contains("State:text:Delivered", (await RowsAsync(lean, "Outbox", ct))[0], StringComparison.Ordinal);
        Assert.Equal(await RowsAsync(ef, "DeliveryReceipts", ct), await RowsAsync(lean, "DeliveryReceipts", ct));
        Assert.Equal(await RowsAsync(ef, "DeliveryReceipts", ct), await RowsAsync(commands, "DeliveryReceipts", ct));
        Assert.Contains("Note:text:receipt text", Assert.Single(await RowsAsync(lean, "DeliveryReceipts", ct)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AChangedRowGoneUnderneath_IsAConflictAndTheUnitStaysChanged()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = await StoreFixture.CreateAsync();
        await using var scope = store.Scope();
        var db = scope.ServiceProvider.GetRequiredService<FederationDbContext>();
        var message = new Federation.Core.Delivery.OutboxMessage("msg-1", "DE", null, 1, [1, 2, 3], At);
        db.Outbox.Add(message);
        await db.SaveChangesAsync(ct);
        await using (var other = store.Scope())
        {
            await other.ServiceProvider.GetRequiredService<FederationDbContext>().Outbox.ExecuteDeleteAsync(ct);
        }

        message.MarkDelivered(At);
        db.Audit.Add(AuditEntry.Create(TimeProvider.System, AuditKinds.EnvelopeSent, "system", "msg-1", "acknowledged"));
        var error = await Assert.ThrowsAsync<FederationException>(() => db.SaveChangesAsync(ct));

        Assert.Equal(ErrorCode.Conflict, error.Code);
        Assert.Equal(EntityState.Modified, db.Entry(message).State);
        Assert.Equal(EntityState.Added, db.ChangeTracker.Entries<AuditEntry>().Single().State);
        await using var check = store.Scope();
        Assert.Equal(0, await check.ServiceProvider.GetRequiredService<FederationDbContext>().Audit.CountAsync(ct));
    }

    [Fact]
    public async Task ARowDeletedAndAddedAgainInOneUnit_IsLeftToEfCore()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = await StoreFixture.CreateAsync();
        await using (var first = store.Scope())
        {
            var db = first.ServiceProvider.GetRequiredService<FederationDbContext>();
            db.Inbox.Add(new InboxEntry("msg-1", "FR", new string('a', 64), At));
            await db.SaveChangesAsync(ct);
        }

        await using var second = store.Scope();
        var unit = second.ServiceProvider.GetRequiredService<FederationDbContext>();
        unit.Inbox.Remove(await unit.Inbox.SingleAsync(ct));
        unit.Inbox.Add(new InboxEntry("msg-1", "FR", new string('b', 64), At));
        await unit.SaveChangesAsync(ct);

        await using var check = store.Scope();
        Assert.Equal(new string('b', 64), (await check.ServiceProvider.GetRequiredService<FederationDbContext>().Inbox.SingleAsync(ct)).ContentHash);
    }

    private static async Task<long> TotalChangesAsync(FederationDbContext db, CancellationToken cancellationToken)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = "SELECT total_changes();";
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static List<object> Stage()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(At);
        var summary = new ReceivedSummary("FR-2026-0001", "FR");
        summary.Apply(1, At.AddSeconds(-3), Tlp.Amber, [new("title", "Guardrail \"bypass\" ünicode"), new("sector", "health")], "ai-vuln-eu-2026", 3, "msg-1", At);
        return
        [
            AuditEntry.Create(time, AuditKinds.EnvelopeAccepted, "peer:FR", "FR-2026-0001", "accepted", "revision=1", "ai-vuln-eu-2026@3", new byte[32]).About("msg-1"),
            AuditEntry.Create(time, AuditKinds.EnvelopeRejected, "peer:FR", null, "rejected"),
            AuditEntry.Create(time, AuditKinds.EnvelopeDuplicate, "peer:FR", "msg-2", "acknowledged", null, null, [.. Enumerable.Range(0, 32).Select(i => (byte)i)]),
            new InboxEntry("msg-1", "FR", new string('a', 64), At),
            new InboxEntry("msg-2", "FR", new string('b', 64), At.AddTicks(1)),
            summary,
            new PeerEndpoint { Jurisdiction = "DE", Endpoint = "https://de.node.example:7443", UpdatedAt = At },
            AuditEntry.Create(time, AuditKinds.EnvelopeSent, "system", "msg-3", "acknowledged", string.Empty),
            // Half of a surrogate pair followed by more text (a cut refusal from a partner): stored as .NET encodes it, U+FFFD.
            AuditEntry.Create(time, AuditKinds.ReceiptRefused, "peer:DE", "msg-4", "refused", "x\uD83D\u2026 (3 more) \uDC00 end"),
            new Federation.Core.Delivery.OutboxMessage("msg-3", "DE", null, 1, [], At),
        ];
    }

    /// <summary>How a store's unit of work writes its rows: bound straight to SQLite, through ADO.NET commands, or by EF Core.</summary>
    private enum Path
    {
        Native,
        Commands,
        EfCore,
    }

    private static void Use(FederationDbContext db, Path path)
    {
        db.LeanRowsEnabled = path != Path.EfCore;
        db.NativeRowsEnabled = path == Path.Native;
    }

    private static int LeanCount(FederationDbContext db) =>
        db.ChangeTracker.Entries().Count(e => e.State == EntityState.Added && LeanRowPlan.For(e.Metadata) is not null);

    /// <summary>
    /// Every column of every row, in key order, as SQLite holds it: the storage class of each value (<c>typeof</c>, not
    /// the column's declared type, so that a text bound where an integer was would show) and the value, NULL named.
    /// </summary>
    private static async Task<List<string>> RowsAsync(StoreFixture store, string table, CancellationToken cancellationToken)
    {
        await using var scope = store.Scope();
        var db = scope.ServiceProvider.GetRequiredService<FederationDbContext>();
        await db.Database.OpenConnectionAsync(cancellationToken);
        var names = new List<string>();
        await using (var columns = db.Database.GetDbConnection().CreateCommand())
        {
            columns.CommandText = $"SELECT name FROM pragma_table_info('{table}') ORDER BY cid;";
            await using var found = await columns.ExecuteReaderAsync(cancellationToken);
            while (await found.ReadAsync(cancellationToken))
            {
                names.Add(found.GetString(0));
            }
        }

        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = $"SELECT {string.Join(", ", names.Select(n => $"typeof(\"{n}\"), \"{n}\""))} FROM \"{table}\" ORDER BY 2;";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var cells = new List<string>();
            for (var i = 0; i < reader.FieldCount; i += 2)
            {
                // The storage class, and NULL apart from an empty text or blob (both read back as nothing otherwise).
                var value = reader.IsDBNull(i + 1) ? "NULL" : reader.GetValue(i + 1);
                cells.Add($"{names[i / 2]}:{reader.GetString(i)}:{(value is byte[] bytes ? Convert.ToHexString(bytes) : value)}");
            }

            rows.Add(string.Join("|", cells));
        }

        return rows;
    }
}
