using Federation.Core.Abstractions;
using Federation.Core.Inbox;

namespace Federation.Node.Tests;

/// <summary>
/// The real inbox, except that storing a summary of one chosen case throws while the fault is armed: a
/// handler failing unexpectedly (not refusing), as a bug or a corrupt row would make it.
/// </summary>
public sealed class FaultyInbox(IInbox inner, InboxFault fault) : IInbox
{
    public Task<InboxEntry?> FindAsync(string messageId, CancellationToken cancellationToken) => inner.FindAsync(messageId, cancellationToken);

    public Task<IReadOnlyDictionary<string, InboxEntry>> FindManyAsync(IReadOnlyCollection<string> messageIds, CancellationToken cancellationToken) =>
        inner.FindManyAsync(messageIds, cancellationToken);

    public void Add(InboxEntry entry) => inner.Add(entry);

    public Task<int> PruneAsync(DateTimeOffset before, int max, CancellationToken cancellationToken) => inner.PruneAsync(before, max, cancellationToken);

    public Task<ReceivedSummary?> FindSummaryAsync(string caseId, CancellationToken cancellationToken) => inner.FindSummaryAsync(caseId, cancellationToken);

    public Task<IReadOnlyDictionary<string, ReceivedSummary>> FindSummariesAsync(IReadOnlyCollection<string> caseIds, CancellationToken cancellationToken) =>
        inner.FindSummariesAsync(caseIds, cancellationToken);

    public void AddSummary(ReceivedSummary summary)
    {
        if (fault.Armed && summary.CaseId == fault.CaseId)
        {
            throw new InvalidOperationException($"Simulated fault storing {summary.CaseId}.");
        }

        inner.AddSummary(summary);
    }

    public Task<Page<ReceivedSummary>> ListSummariesAsync(string? origin, PageRequest page, CancellationToken cancellationToken) =>
        inner.ListSummariesAsync(origin, page, cancellationToken);

    public Task<IReadOnlyList<ReceivedSummary>> FindSummariesByFingerprintsAsync(IReadOnlyCollection<string> fingerprints, CancellationToken cancellationToken) =>
        inner.FindSummariesByFingerprintsAsync(fingerprints, cancellationToken);
}
