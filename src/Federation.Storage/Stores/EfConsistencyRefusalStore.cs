using Federation.Core.Transparency;
using Federation.Storage.Errors;
using Microsoft.EntityFrameworkCore;

namespace Federation.Storage.Stores;

internal sealed class EfConsistencyRefusalStore(FederationDbContext db) : IConsistencyRefusalStore
{
    public async Task<int> CountAsync(string log, DateTimeOffset at, CancellationToken cancellationToken)
    {
        // One statement, so that two replicas counting at once both count (SQLite and PostgreSQL both speak it).
        var ticks = at.UtcTicks;
        try
        {
            var counted = await db.Database.SqlQuery<int>($"""
                INSERT INTO ConsistencyRefusals (Log, InARow, LastAt) VALUES ({log}, 1, {ticks})
                ON CONFLICT (Log) DO UPDATE SET InARow = InARow + 1, LastAt = excluded.LastAt
                RETURNING InARow AS Value
                """).ToListAsync(cancellationToken);
            return counted.Single();
        }
        catch (Exception ex) when (StoreErrors.TryTranslate(ex, StoreErrorClassifiers.For(db.Database.ProviderName)) is { } domain)
        {
            // A statement of its own is not SaveChanges: its failure (a full or busy store) is translated here.
            throw domain;
        }
    }

    public async Task ResetAsync(string log, CancellationToken cancellationToken)
    {
        // Read first: a log proved at every pass (once a minute) has no row, and a read takes no write lock.
        if (await db.ConsistencyRefusals.AnyAsync(r => r.Log == log, cancellationToken))
        {
            await db.ConsistencyRefusals.Where(r => r.Log == log).ExecuteDeleteAsync(cancellationToken);
        }
    }
}
