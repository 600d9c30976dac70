using Federation.Core.Embargoes;

namespace Federation.Core.Dashboard;

/// <summary>
/// What the store knows about one case whose advisory is public: the advisory's name and instants, and the facts
/// its timeline and deadlines are computed from. The advisory's content is read from its document, by hash.
/// </summary>
public sealed record PublishedCaseFacts(
    string CaseId,
    string TrackingId,
    int Version,
    string Sha256,
    DateTimeOffset PublishedAt,
    DateTimeOffset RevisedAt,
    DateTimeOffset ReportedAt,
    DateTimeOffset? FirstSharedAt,
    IReadOnlyList<EmbargoSignal> Signals,
    IReadOnlyList<CaseTreatyShare> Shares,
    IReadOnlyDictionary<string, DateTimeOffset> Reports);
