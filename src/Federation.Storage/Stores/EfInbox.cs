using Federation.Core.Abstractions;
using Federation.Core.Inbox;
using Microsoft.EntityFrameworkCore;

namespace Federation.Storage.Stores;

internal sealed class EfInbox(FederationDbContext db) : IInbox
{
    public Task<InboxEntry?> FindAsync(string messageId, CancellationToken cancellationToken) => CompiledQueries.InboxEntryById(db, messageId, cancellationToken);

    public Task<IReadOnlyDictionary<string, InboxEntry>> FindManyAsync(IReadOnlyCollection<string> messageIds, CancellationToken cancellationToken) =>
        ByKeyAsync(messageIds, id => FindAsync(id, cancellationToken), e => e.MessageId, ids =>
            db.Inbox.AsNoTracking().Where(e => EF.Parameter(ids).Contains(e.MessageId)).ToDictionaryAsync(e => e.MessageId, StringComparer.Ordinal, cancellationToken));

    public Task<IReadOnlyDictionary<string, ReceivedSummary>> FindSummariesAsync(IReadOnlyCollection<string> caseIds, CancellationToken cancellationToken) =>
        ByKeyAsync(caseIds, id => FindSummaryAsync(id, cancellationToken), s => s.CaseId, ids =>
            db.ReceivedSummaries.Where(s => EF.Parameter(ids).Contains(s.CaseId)).ToDictionaryAsync(s => s.CaseId, StringComparer.Ordinal, cancellationToken));

    public void Add(InboxEntry entry) => db.Inbox.Add(entry);

    // Oldest first, in bounded batches: each batch is one short write, so the inbox writer is never held up for long.
    public Task<int> PruneAsync(DateTimeOffset before, int max, CancellationToken cancellationToken) =>
        db.Inbox.Where(e => e.ReceivedAt < before).OrderBy(e => e.ReceivedAt).Take(max).ExecuteDeleteAsync(cancellationToken);

    public Task<ReceivedSummary?> FindSummaryAsync(string caseId, CancellationToken cancellationToken) => CompiledQueries.SummaryByCase(db, caseId, cancellationToken);

    public void AddSummary(ReceivedSummary summary) => db.ReceivedSummaries.Add(summary);

    public async Task<Page<ReceivedSummary>> ListSummariesAsync(string? origin, PageRequest page, CancellationToken cancellationToken)
    {
        var query = db.ReceivedSummaries.AsNoTracking().Where(s => !s.Withdrawn);
        if (origin is not null)
        {
            query = query.Where(s => s.Origin == origin);
        }

        if (KeysetCursor.Parse(page.After) is { } after)
        {
            query = query.Where(s => s.ReceivedAt < after.At || (s.ReceivedAt == after.At && string.Compare(s.CaseId, after.Id) < 0));
        }

        var fetched = await query.OrderByDescending(s => s.ReceivedAt).ThenByDescending(s => s.CaseId).Take(page.Size + 1).ToListAsync(cancellationToken);
        return Page<ReceivedSummary>.FromOverfetch(fetched, page, s => new KeysetCursor(s.ReceivedAt, s.CaseId).ToString());
    }

    public async Task<IReadOnlyList<ReceivedSummary>> FindSummariesByFingerprintsAsync(IReadOnlyCollection<string> fingerprints, CancellationToken cancellationToken)
    {
        // One array parameter, as in ByKeyAsync.
        string[] values = [.. fingerprints];
        return await db.ReceivedSummaries.AsNoTracking()
            .Where(s => !s.Withdrawn && s.Fingerprint != null && EF.Parameter(values).Contains(s.Fingerprint))
            .ToListAsync(cancellationToken);
    }

    /// <summary>
    /// One key (a lone envelope, the common case outside bursts) takes the compiled single-key lookup; several keys one
    /// query with the keys as one array parameter (<c>IN (SELECT value FROM json_each(@ids))</c>, <c>EF.Parameter</c>).
    /// EF Core 10 otherwise binds a parameter per key, so the SQL differs with every count of keys and was built again
    /// for nearly every group commit (6 % of what the share load allocated). An array, not the caller's collection:
    /// EF Core takes some collection interfaces (sets) as several parameters whatever it is told.
    /// </summary>
    private static async Task<IReadOnlyDictionary<string, T>> ByKeyAsync<T>(
        IReadOnlyCollection<string> keys, Func<string, Task<T?>> single, Func<T, string> keyOf, Func<string[], Task<Dictionary<string, T>>> many)
        where T : class
    {
        if (keys.Count > 1)
        {
            return await many([.. keys]);
        }

        var found = keys.Count == 0 ? null : await single(keys.First());
        return found is null
            ? new Dictionary<string, T>(StringComparer.Ordinal)
            : new Dictionary<string, T>(StringComparer.Ordinal) { [keyOf(found)] = found };
    }
}
