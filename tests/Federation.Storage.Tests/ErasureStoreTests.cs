using Federation.Core.Abstractions;
using Federation.Core.Cases;
using Federation.Core.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Federation.Storage.Tests;

/// <summary>The two halves of erasure on SQLite: deletes zero what they free, and the write-ahead log is checkpointed and cut.</summary>
public sealed class ErasureStoreTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Connection_Opened_SecureDeleteOn()
    {
        await using var store = await StoreFixture.CreateAsync();
        await using var db = await store.Services.GetRequiredService<IDbContextFactory<FederationDbContext>>().CreateDbContextAsync(Ct);
        await db.Database.OpenConnectionAsync(Ct);
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = "PRAGMA secure_delete;";

        Assert.Equal(1L, await command.ExecuteScalarAsync(Ct));
    }

    [Fact]
    public async Task TruncateWriteAheadLog_ReaderHoldsSnapshot_BlockedUntilItEndsThenLogIsEmpty()
    {
        await using var store = await StoreFixture.CreateAsync();
        await AddCaseAsync(store);
        var erasure = store.Services.GetRequiredService<StoreErasure>();
        string path;
        await using (var db = await store.Services.GetRequiredService<IDbContextFactory<FederationDbContext>>().CreateDbContextAsync(Ct))
        {
            path = db.Database.GetDbConnection().DataSource;
        }

        // A reader in the middle of a read transaction keeps the log's frames in use.
        await using var reader = new SqliteConnection($"Data Source={path};Pooling=False");
        await reader.OpenAsync(Ct);
        await using var transaction = reader.BeginTransaction(deferred: true);
        await using (var read = reader.CreateCommand())
        {
            read.CommandText = "SELECT COUNT(*) FROM Cases;";
            Assert.Equal(1L, await read.ExecuteScalarAsync(Ct));
        }

        await AddCaseAsync(store);
        var blocked = await erasure.TruncateWriteAheadLogAsync(Ct);
        await transaction.CommitAsync(Ct);
        var done = await erasure.TruncateWriteAheadLogAsync(Ct);

        Assert.False(blocked);
        Assert.True(done);
        Assert.Equal(0, new FileInfo(path + "-wal").Length);
    }

    private static async Task AddCaseAsync(StoreFixture store)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 2, 0, 0, 0, TimeSpan.Zero));
        await using var scope = store.Scope();
        scope.ServiceProvider.GetRequiredService<ICaseStore>().Add(Case.Create(JurisdictionCode.Parse("FR"), new CaseFieldsUpdate { Title = "t" }, clock));
        await scope.ServiceProvider.GetRequiredService<IUnitOfWork>().SaveChangesAsync(Ct);
    }
}
