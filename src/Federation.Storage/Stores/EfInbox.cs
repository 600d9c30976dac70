using Federation.Core.Inbox;
using Microsoft.EntityFrameworkCore;

namespace Federation.Storage.Stores;

internal sealed class EfInbox(FederationDbContext db) : IInbox
{
    public Task<InboxEntry?> FindAsync(string messageId, CancellationToken cancellationToken) => CompiledQueries.InboxEntryById(db, messageId, cancellationToken);

    public async Task<IReadOnlyDictionary<string, InboxEntry>> FindManyAsync(IReadOnlyCollection<string> messageIds, CancellationToken cancellationToken)
    {
        // A lone envelope (the common case outside bursts) takes the compiled single-key lookup.
        switch (messageIds.Count)
        {
            case 0:
                return new Dictionary<string, InboxEntry>(StringComparer.Ordinal);
            case 1:
                var found = await FindAsync(messageIds.First(), cancellationToken);
                return found is null ? new Dictionary<string, InboxEntry>(StringComparer.Ordinal) : new Dictionary<string, InboxEntry>(StringComparer.Ordinal) { [found.MessageId] = found };
            default:
                return await db.Inbox.AsNoTracking().Where(e => messageIds.Contains(e.MessageId)).ToDictionaryAsync(e => e.MessageId, StringComparer.Ordinal, cancellationToken);
        }
    }

    public async Task<IReadOnlyDictionary<string, ReceivedSummary>> FindSummariesAsync(IReadOnlyCollection<string> caseIds, CancellationToken cancellationToken)
    {
        switch (caseIds.Count)
        {
            case 0:
                return new Dictionary<string, ReceivedSummary>(StringComparer.Ordinal);
            case 1:
                var found = await FindSummaryAsync(caseIds.First(), cancellationToken);
                return found is null ? new Dictionary<string, ReceivedSummary>(StringComparer.Ordinal) : new Dictionary<string, ReceivedSummary>(StringComparer.Ordinal) { [found.CaseId] = found };
            default:
                return await db.ReceivedSummaries.Where(s => caseIds.Contains(s.CaseId)).ToDictionaryAsync(s => s.CaseId, StringComparer.Ordinal, cancellationToken);
        }
    }

    public void Add(InboxEntry entry) => db.Inbox.Add(entry);

    public Task<ReceivedSummary?> FindSummaryAsync(string caseId, CancellationToken cancellationToken) => CompiledQueries.SummaryByCase(db, caseId, cancellationToken);

    public void AddSummary(ReceivedSummary summary) => db.ReceivedSummaries.Add(summary);

    public async Task<IReadOnlyList<ReceivedSummary>> ListSummariesAsync(string? origin, int limit, CancellationToken cancellationToken)
    {
        var query = db.ReceivedSummaries.AsNoTracking().Where(s => !s.Withdrawn);
        if (origin is not null)
        {
            query = query.Where(s => s.Origin == origin);
        }

        return await query.OrderByDescending(s => s.ReceivedAt).Take(limit).ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<ReceivedSummary>> FindSummariesByFingerprintsAsync(IReadOnlyCollection<string> fingerprints, CancellationToken cancellationToken) =>
        await db.ReceivedSummaries.AsNoTracking()
            .Where(s => !s.Withdrawn && s.Fingerprint != null && fingerprints.Contains(s.Fingerprint))
            .ToListAsync(cancellationToken);
}
