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
