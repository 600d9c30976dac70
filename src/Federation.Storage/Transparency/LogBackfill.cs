using Federation.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Federation.Storage.Transparency;

/// <summary>
/// Brings audit entries written before the log existed (an older store) into the tree, in sequence order: each
/// gets its salt, commitment and leaf, and the tree's nodes and head follow. Bounded batches, one transaction each,
/// so a large history neither holds the write lock for long nor needs to fit in memory; a restart resumes at the head.
/// </summary>
internal static class LogBackfill
{
    public const int BatchSize = 2000;

    /// <returns>How many entries joined the log.</returns>
    public static async Task<long> RunAsync(IDbContextFactory<FederationDbContext> factory, int batchSize, CancellationToken cancellationToken)
    {
        long joined = 0;
        while (true)
        {
            await using var db = await factory.CreateDbContextAsync(cancellationToken);
            db.KeepOpen();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var dbTransaction = transaction.GetDbTransaction();
            var state = await LogAppender.ReadHeadAsync(db.Database.GetDbConnection(), dbTransaction, cancellationToken);
            var size = state.Frontier.Size;
            var entries = await db.Audit.Where(a => a.Sequence > size).OrderBy(a => a.Sequence).Take(batchSize).ToListAsync(cancellationToken);
            if (entries.Count == 0)
            {
                return joined;
            }

            for (var i = 0; i < entries.Count; i++)
            {
                if (entries[i].Sequence != size + 1 + i)
                {
                    throw new FederationException(ErrorCode.Internal,
                        $"The audit log has no entry {size + 1 + i} (the next is {entries[i].Sequence}): its history has a gap and cannot be made a tree.");
                }

                entries[i].JoinLog();
            }

            var nodes = LogAppender.Extend(state.Frontier, entries.Select(e => e.LeafHash!));
            await LogAppender.WriteAsync(db.Database.GetDbConnection(), dbTransaction, nodes, state with { ChainHash = entries[^1].Hash }, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            joined += entries.Count;
        }
    }
}
