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
}
