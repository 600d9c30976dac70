namespace Federation.Core.Inbox;

/// <summary>The inbox port: processed message ids and the summaries partners shared.</summary>
public interface IInbox
{
    Task<InboxEntry?> FindAsync(string messageId, CancellationToken cancellationToken);

    /// <summary>The entries among <paramref name="messageIds"/> already processed, by message id.</summary>
    Task<IReadOnlyDictionary<string, InboxEntry>> FindManyAsync(IReadOnlyCollection<string> messageIds, CancellationToken cancellationToken);

    void Add(InboxEntry entry);

    /// <summary>Forgets up to <paramref name="max"/> message ids received before <paramref name="before"/>; returns how many.</summary>
    Task<int> PruneAsync(DateTimeOffset before, int max, CancellationToken cancellationToken);

    Task<ReceivedSummary?> FindSummaryAsync(string caseId, CancellationToken cancellationToken);

    /// <summary>The summaries held for <paramref name="caseIds"/>, tracked for update, by case id.</summary>
    Task<IReadOnlyDictionary<string, ReceivedSummary>> FindSummariesAsync(IReadOnlyCollection<string> caseIds, CancellationToken cancellationToken);

    void AddSummary(ReceivedSummary summary);

    /// <summary>Summaries held (not withdrawn), most recently received first.</summary>
    Task<Abstractions.Page<ReceivedSummary>> ListSummariesAsync(string? origin, Abstractions.PageRequest page, CancellationToken cancellationToken);

    /// <summary>Summaries held (not withdrawn) whose fingerprint is one of <paramref name="fingerprints"/>.</summary>
    Task<IReadOnlyList<ReceivedSummary>> FindSummariesByFingerprintsAsync(IReadOnlyCollection<string> fingerprints, CancellationToken cancellationToken);
}
