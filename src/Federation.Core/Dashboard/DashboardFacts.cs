namespace Federation.Core.Dashboard;

/// <summary>
/// Everything a dashboard is built from, as of one instant: the cases public by then, exact counts of the others
/// (which only ever leave Core bucketed), and the next instant at which a stored advisory becomes public.
/// </summary>
public sealed record DashboardFacts(
    IReadOnlyList<PublishedCaseFacts> Published,
    int Received,
    int Coordinating,
    int ClosedUnpublished,
    DateTimeOffset? NextPublicationAt);
