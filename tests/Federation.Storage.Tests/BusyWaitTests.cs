using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Federation.Storage.Tests;

/// <summary>
/// Every connection waits for a busy store inside SQLite (<see cref="BusyWait"/>), also one the WAL truncation has
/// used with its own wait and handed back to the pool.
/// </summary>
public sealed class BusyWaitTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Connection_Opened_WaitsInsideSqlite()
    {
        await using var store = await StoreFixture.CreateAsync();

        Assert.Equal((long)BusyWait.Milliseconds, await BusyTimeoutAsync(store));
    }

    [Fact]
    public async Task AfterTheWriteAheadLogIsTruncated_APooledConnectionStillWaits()
    {
        await using var store = await StoreFixture.CreateAsync();
        await store.Services.GetRequiredService<StoreErasure>().TruncateWriteAheadLogAsync(Ct);

        Assert.Equal((long)BusyWait.Milliseconds, await BusyTimeoutAsync(store));
    }

    private static async Task<object?> BusyTimeoutAsync(StoreFixture store)
    {
        await using var db = await store.Services.GetRequiredService<IDbContextFactory<FederationDbContext>>().CreateDbContextAsync(Ct);
        await db.Database.OpenConnectionAsync(Ct);
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = "PRAGMA busy_timeout;";
        return await command.ExecuteScalarAsync(Ct);
    }
}
