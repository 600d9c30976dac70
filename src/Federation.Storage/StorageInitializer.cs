using Federation.Core;
using Federation.Storage.Errors;
using Microsoft.EntityFrameworkCore;

namespace Federation.Storage;

/// <summary>
/// Applies the committed migrations and puts SQLite in WAL mode, once at startup; then brings any audit entries
/// from before the transparency log (an older store) into the tree.
/// </summary>
public sealed class StorageInitializer(IDbContextFactory<FederationDbContext> factory, TimeProvider? timeProvider = null)
{
    public Task InitializeAsync(CancellationToken cancellationToken) => InitializeAsync(null, cancellationToken);

    /// <param name="acceptBrokenChainBefore">
    /// Breaks of the older audit chain at sequences below this are signed into the log as found (and the acceptance
    /// audited); null: a break stops the start (<see cref="AuditChainBrokenException"/>).
    /// </param>
    /// <param name="cancellationToken">Cancels the migration and the backfill.</param>
    public async Task InitializeAsync(long? acceptBrokenChainBefore, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        try
        {
            // WAL lets the dispatcher read while an operator's share commits; the mode is stored in the file.
            await db.Database.OpenConnectionAsync(cancellationToken);
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
            await db.Database.MigrateAsync(cancellationToken);
            await Transparency.LogBackfill.RunAsync(factory, Transparency.LogBackfill.BatchSize, acceptBrokenChainBefore, timeProvider ?? TimeProvider.System, cancellationToken);
        }
        catch (Exception ex) when (StoreErrorClassifiers.For(db.Database.ProviderName).Classify(ex) is { } failure)
        {
            // Said once, with the place: the node stops, and an operator needs to know which file or disk.
            var store = StoreErrors.Translate(failure);
            throw new FederationException(store.Code, $"The store '{db.Database.GetDbConnection().DataSource}' cannot be opened or migrated: {store.Message}");
        }
    }
}
