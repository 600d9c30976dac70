using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Federation.Storage.Tests;

/// <summary>The committed migrations are the model: nothing pending, and a fresh store is exactly what they create.</summary>
public sealed class MigrationTests
{
    [Fact]
    public async Task Model_AgainstCommittedMigrations_NoPendingChanges()
    {
        await using var store = await StoreFixture.CreateAsync();
        await using var db = await store.Services.GetRequiredService<IDbContextFactory<FederationDbContext>>().CreateDbContextAsync(TestContext.Current.CancellationToken);

        // A model change without its migration would be applied nowhere: `dotnet ef migrations add` is missing.
        Assert.False(db.Database.HasPendingModelChanges(), "the model has changes no migration creates: run dotnet ef migrations add NAME --project src/Federation.Storage");
    }

    [Fact]
    public async Task FreshStore_Initialized_EveryMigrationApplied()
    {
        await using var store = await StoreFixture.CreateAsync();
        await using var db = await store.Services.GetRequiredService<IDbContextFactory<FederationDbContext>>().CreateDbContextAsync(TestContext.Current.CancellationToken);
        var ct = TestContext.Current.CancellationToken;

        Assert.Empty(await db.Database.GetPendingMigrationsAsync(ct));
        Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync(ct));
    }
}
