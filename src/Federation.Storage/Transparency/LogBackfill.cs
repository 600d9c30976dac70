using System.Globalization;
using Federation.Core;
using Federation.Core.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Federation.Storage.Transparency;

/// <summary>
/// Brings audit entries written before the log existed (an older store) into the tree, in sequence order: each
/// gets its salt, commitment and leaf, and the tree's nodes and head follow. Bounded batches, one transaction each,
/// so a large history neither holds the write lock for long nor needs to fit in memory; a restart resumes at the head.
/// The older SHA-256 chain is checked first, whole: a checkpoint over a history whose chain is broken would vouch for
/// records nobody can vouch for, so a break stops the backfill before anything joins, unless the operator accepted
/// breaks before a sequence; the acceptance is then the next leaf, committed with the last batch.
/// </summary>
internal static class LogBackfill
{
    public const int BatchSize = 2000;

    /// <summary>How many broken sequences an exception or the acceptance leaf names; the count says how many more.</summary>
    public const int MaxBreaksNamed = 20;

    /// <param name="factory">The store.</param>
    /// <param name="batchSize">Entries per transaction.</param>
    /// <param name="acceptBrokenChainBefore">Breaks at sequences below this are signed as found; null: none is.</param>
    /// <param name="timeProvider">Stamps the acceptance leaf.</param>
    /// <param name="cancellationToken">Cancels between and within batches.</param>
    /// <returns>How many entries joined the log.</returns>
    public static async Task<long> RunAsync(
        IDbContextFactory<FederationDbContext> factory, int batchSize, long? acceptBrokenChainBefore, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var check = await CheckChainAsync(factory, batchSize, acceptBrokenChainBefore ?? 1, cancellationToken);
        if (check.FirstRefused is { } refused)
        {
            throw new AuditChainBrokenException(refused, check.Breaks, string.Create(CultureInfo.InvariantCulture,
                $"The older hash chain of the audit log is broken at sequence {refused} ({Describe(check)}): an entry was changed or removed after it was written, so that history is not signed into the transparency log."));
        }

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
            if (check.Count > 0 && entries[^1].Sequence == check.LastSequence)
            {
                // Staged after the head this batch wrote: SaveChanges appends it as the next leaf, in this transaction.
                db.Audit.Add(AuditEntry.Create(timeProvider, AuditKinds.AuditChainBreakAccepted, "operator:configuration", "audit-chain", "accepted",
                    string.Create(CultureInfo.InvariantCulture,
                        $"the older hash chain is broken at {Describe(check)}; signed into the log as found, the operator accepting breaks before sequence {acceptBrokenChainBefore}")));
            }

            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            joined += entries.Count;
        }
    }

    /// <summary>The breaks of the chain from the head on (entries already in the log were checked when they joined).</summary>
    private static async Task<ChainCheck> CheckChainAsync(IDbContextFactory<FederationDbContext> factory, int batchSize, long acceptBefore, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        db.KeepOpen();
        LogState state;
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            state = await LogAppender.ReadHeadAsync(db.Database.GetDbConnection(), transaction.GetDbTransaction(), cancellationToken);
        }

        var breaks = new List<long>();
        var count = 0L;
        long? firstRefused = null;
        var previous = state.ChainHash;
        var after = state.Frontier.Size;
        while (true)
        {
            var from = after;
            var page = await db.Audit.AsNoTracking().Where(a => a.Sequence > from).OrderBy(a => a.Sequence).Take(batchSize).ToListAsync(cancellationToken);
            if (page.Count == 0)
            {
                return new ChainCheck(breaks, count, after, firstRefused);
            }

            foreach (var entry in page)
            {
                if (!string.Equals(entry.PreviousHash, previous, StringComparison.Ordinal) || !string.Equals(entry.ComputeHash(), entry.Hash, StringComparison.Ordinal))
                {
                    count++;
                    firstRefused ??= entry.Sequence >= acceptBefore ? entry.Sequence : null;
                    if (breaks.Count < MaxBreaksNamed)
                    {
                        breaks.Add(entry.Sequence);
                    }
                }

                // On from the hash as stored: one changed entry is one break, not a break of everything after it.
                previous = entry.Hash;
            }

            after = page[^1].Sequence;
        }
    }

    private static string Describe(ChainCheck check) => check.Count > check.Breaks.Count
        ? string.Create(CultureInfo.InvariantCulture, $"{check.Count} entries: {string.Join(", ", check.Breaks)} and more")
        : string.Create(CultureInfo.InvariantCulture, $"{check.Count} {(check.Count == 1 ? "entry" : "entries")}: {string.Join(", ", check.Breaks)}");

    /// <param name="Breaks">The first <see cref="MaxBreaksNamed"/> broken sequences.</param>
    /// <param name="Count">How many entries are broken.</param>
    /// <param name="LastSequence">The last entry checked.</param>
    /// <param name="FirstRefused">The first broken sequence the operator did not accept, if any.</param>
    private sealed record ChainCheck(IReadOnlyList<long> Breaks, long Count, long LastSequence, long? FirstRefused);
}
