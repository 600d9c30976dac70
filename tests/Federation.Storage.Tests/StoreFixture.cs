using Federation.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Federation.Storage.Tests;

/// <summary>A real SQLite file in a temp folder, migrated as a node would at startup.</summary>
public sealed class StoreFixture : IAsyncDisposable
{
    private readonly TempDirectory? _folder;

    private StoreFixture(TempDirectory? folder, string connectionString)
    {
        _folder = folder;
        ConnectionString = connectionString;
        var services = new ServiceCollection();
        services.AddFederationStorage(connectionString);
        Services = services.BuildServiceProvider();
    }

    public ServiceProvider Services { get; }

    public string ConnectionString { get; }

    /// <summary>The database file.</summary>
    public string DatabasePath => new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(ConnectionString).DataSource;

    public static async Task<StoreFixture> CreateAsync()
    {
        var folder = new TempDirectory("federation-store");
        var fixture = new StoreFixture(folder, $"Data Source={Path.Combine(folder.Path, "test.db")};Pooling=False");
        await fixture.Services.GetRequiredService<StorageInitializer>().InitializeAsync(CancellationToken.None);
        return fixture;
    }

    /// <summary>
    /// A second store on the same file with its own services, as another process would have: nothing in memory is
    /// shared with the first (a different connection string, so not even a pool). The first one owns the file.
    /// </summary>
    public StoreFixture SecondWriter() => new(null, ConnectionString + ";Cache=Private");

    public Task InitializeAgainAsync() => Services.GetRequiredService<StorageInitializer>().InitializeAsync(CancellationToken.None);

    public AsyncServiceScope Scope() => Services.CreateAsyncScope();

    public async Task<string> JournalModeAsync()
    {
        await using var db = await Services.GetRequiredService<IDbContextFactory<FederationDbContext>>().CreateDbContextAsync();
        await db.Database.OpenConnectionAsync();
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";
        return (string)(await command.ExecuteScalarAsync())!;
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        _folder?.Dispose();
    }
}
