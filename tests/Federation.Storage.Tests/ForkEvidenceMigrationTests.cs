using Federation.Core.Transparency;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;

namespace Federation.Storage.Tests;

/// <summary>A fork found before fork records existed (kept as a "#fork" checkpoint) is still an open fork after the migration.</summary>
public sealed class ForkEvidenceMigrationTests
{
    [Fact]
    public async Task OldForkCheckpoint_BecomesAnOpenForkRecord_WithTheCheckpointKeptBefore()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = await StoreFixture.CreateAsync();
        await using (var db = await store.Services.GetRequiredService<IDbContextFactory<FederationDbContext>>().CreateDbContextAsync(ct))
        {
            var migrator = db.GetService<IMigrator>();
            await migrator.MigrateAsync("20261202074432_DeliveryReceipts", ct);
            // As the witness kept them before: DE's checkpoints of size 3 and 5, then the conflicting head of size 5.
            await db.Database.ExecuteSqlRawAsync("""
                INSERT INTO Checkpoints (Log, Size, RootHash, At, Note) VALUES
                  ('federation.audit/de', 3, zeroblob(32), 100, 'note 3'),
                  ('federation.audit/de', 5, randomblob(32), 200, 'note 5'),
                  ('federation.audit/jp', 9, randomblob(32), 250, 'note jp 9'),
                  ('federation.audit/de#fork', 5, randomblob(32), 300, 'note 5 forked');
                """, ct);
            await migrator.MigrateAsync(cancellationToken: ct);
        }

        await using var scope = store.Scope();
        var forks = scope.ServiceProvider.GetRequiredService<ILogForkStore>();
        var fork = Assert.Single(await forks.OpenAsync("federation.audit/de", ct));
        Assert.Equal(("DE", 5L, "note 5", 5L, "note 5 forked"), (fork.Jurisdiction, fork.KnownSize, fork.KnownNote, fork.ConflictingSize, fork.ConflictingNote));
        Assert.Empty(await forks.OpenAsync("federation.audit/jp", ct));
        // No audit entry of its finding is left: found no later than the conflicting checkpoint was signed.
        Assert.Equal(300, fork.DetectedAt.UtcTicks);
    }

    [Fact]
    public async Task OldForkCheckpoint_WithoutACheckpointKeptBefore_StillAnOpenFork_FoundWhenItsAuditEntrySays()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = await StoreFixture.CreateAsync();
        await using (var db = await store.Services.GetRequiredService<IDbContextFactory<FederationDbContext>>().CreateDbContextAsync(ct))
        {
            var migrator = db.GetService<IMigrator>();
            await migrator.MigrateAsync("20261202074432_DeliveryReceipts", ct);
            // DE's only checkpoint kept was the conflicting one's fork row (or the ones before it were lost); JP's fork
            // has the one before it; the witness audited each finding a while after the partner signed.
            await db.Database.ExecuteSqlRawAsync("""
                INSERT INTO Checkpoints (Log, Size, RootHash, At, Note) VALUES
                  ('federation.audit/de#fork', 5, randomblob(32), 300, 'note 5 forked'),
                  ('federation.audit/jp', 7, zeroblob(32), 100, 'note jp 7'),
                  ('federation.audit/jp#fork', 7, randomblob(32), 200, 'note jp 7 forked');
                INSERT INTO Audit (Id, Sequence, At, Kind, Actor, Subject, Outcome, PreviousHash, Hash) VALUES
                  ('m1', 900001, 350, 'witness.fork-detected', 'peer:DE', 'federation.audit/de', 'fork', 'p', 'h1'),
                  ('m2', 900002, 260, 'witness.fork-detected', 'peer:JP', 'federation.audit/jp', 'fork', 'h1', 'h2'),
                  ('m3', 900003, 270, 'witness.checkpoint-refused', 'peer:JP', 'federation.audit/jp', 'refused', 'h2', 'h3');
                """, ct);
            await migrator.MigrateAsync(cancellationToken: ct);
        }

        await using var scope = store.Scope();
        var forks = scope.ServiceProvider.GetRequiredService<ILogForkStore>();
        var de = Assert.Single(await forks.OpenAsync("federation.audit/de", ct));
        Assert.Equal((5L, "note 5 forked", 0L, ""), (de.ConflictingSize, de.ConflictingNote, de.KnownSize, de.KnownNote));
        Assert.Contains("no checkpoint of this log was kept before it", de.Reason, StringComparison.Ordinal);
        Assert.Equal(350, de.DetectedAt.UtcTicks);
        var jp = Assert.Single(await forks.OpenAsync("federation.audit/jp", ct));
        Assert.Equal(("note jp 7", "note jp 7 forked", 260L), (jp.KnownNote, jp.ConflictingNote, jp.DetectedAt.UtcTicks));
        Assert.DoesNotContain("no checkpoint", jp.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Down_CarriesForksRecordedSinceBackToTheOldForm_AnOpenOneStaysOpenThroughAnUpgradeAgain()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = await StoreFixture.CreateAsync();
        var at = new DateTimeOffset(2026, 12, 3, 8, 0, 0, TimeSpan.Zero);
        StoredCheckpoint Checkpoint(string log, byte fill, string note) => new(log, 5, Enumerable.Repeat(fill, 32).ToArray(), at, note);
        await using (var scope = store.Scope())
        {
            // Recorded by this version: DE's fork open, JP's cleared by an operator.
            var forks = scope.ServiceProvider.GetRequiredService<ILogForkStore>();
            forks.Add(new LogFork("DE", "federation.audit/de", "same size, other root", Checkpoint("federation.audit/de", 1, "de known"), Checkpoint("federation.audit/de", 2, "de conflicting"), at));
            forks.Add(new LogFork("JP", "federation.audit/jp", "same size, other root", Checkpoint("federation.audit/jp", 1, "jp known"), Checkpoint("federation.audit/jp", 2, "jp conflicting"), at));
            await scope.ServiceProvider.GetRequiredService<Federation.Core.Abstractions.IUnitOfWork>().SaveChangesAsync(ct);
            var jp = Assert.Single(await forks.OpenAsync("federation.audit/jp", ct));
            await forks.ClearAsync(jp, "alice", "looked at it", at.AddMinutes(1), ct);
            await scope.ServiceProvider.GetRequiredService<Federation.Core.Abstractions.IUnitOfWork>().SaveChangesAsync(ct);
        }

        await using var db = await store.Services.GetRequiredService<IDbContextFactory<FederationDbContext>>().CreateDbContextAsync(ct);
        var migrator = db.GetService<IMigrator>();
        await migrator.MigrateAsync("20261202074432_DeliveryReceipts", ct);

        // The old version's form: DE's conflicting checkpoint as its log's "#fork" (the old witness stops at it); JP's
        // kept under a name the old version does not read, so it blocks nothing and is not lost.
        var rows = await db.Database.SqlQuery<string>($"SELECT Log || ' ' || Size || ' ' || Note AS Value FROM Checkpoints ORDER BY Id").ToListAsync(ct);
        Assert.Equal(["federation.audit/de#fork 5 de conflicting", "federation.audit/jp#cleared-fork 5 jp conflicting"], rows);

        await migrator.MigrateAsync(cancellationToken: ct);
        await using var read = store.Scope();
        var after = read.ServiceProvider.GetRequiredService<ILogForkStore>();
        Assert.Equal("de conflicting", Assert.Single(await after.OpenAsync("federation.audit/de", ct)).ConflictingNote);
        Assert.Empty(await after.OpenAsync("federation.audit/jp", ct));
    }

    [Fact]
    public async Task AForkRecordedTwiceAtOnce_KeepsItsFirstRecordOpen_TheOtherClearedByTheMigration()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = await StoreFixture.CreateAsync();
        await using (var db = await store.Services.GetRequiredService<IDbContextFactory<FederationDbContext>>().CreateDbContextAsync(ct))
        {
            var migrator = db.GetService<IMigrator>();
            await migrator.MigrateAsync("20261202202809_ForkClearOnce", ct);
            // Two witness passes found DE's fork at once (before the index); JP's was found once.
            await db.Database.ExecuteSqlRawAsync("""
                INSERT INTO LogForks (Jurisdiction, Log, Reason, DetectedAt, KnownSize, KnownRoot, KnownAt, KnownNote,
                                      ConflictingSize, ConflictingRoot, ConflictingAt, ConflictingNote) VALUES
                  ('DE', 'federation.audit/de', 'first', 100, 5, zeroblob(32), 50, 'k', 5, randomblob(32), 90, 'c'),
                  ('DE', 'federation.audit/de', 'second', 101, 5, zeroblob(32), 50, 'k', 5, randomblob(32), 90, 'c'),
                  ('JP', 'federation.audit/jp', 'only', 102, 7, zeroblob(32), 60, 'k', 7, randomblob(32), 95, 'c');
                """, ct);
            await migrator.MigrateAsync(cancellationToken: ct);
        }

        await using var scope = store.Scope();
        var forks = scope.ServiceProvider.GetRequiredService<ILogForkStore>();
        Assert.Equal("first", Assert.Single(await forks.OpenAsync("federation.audit/de", ct)).Reason);
        Assert.Equal("only", Assert.Single(await forks.OpenAsync("federation.audit/jp", ct)).Reason);
        var second = Assert.Single((await forks.ListAsync(new Federation.Core.Abstractions.PageRequest(10, null), ct)).Items, f => f.Reason == "second");
        Assert.True(second.IsCleared);
        Assert.Equal("migration:OneOpenForkPerLog", second.ClearedBy);
    }
}
