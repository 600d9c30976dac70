namespace Federation.Core.Dashboard;

/// <summary>
/// A published case's public timeline. Reported: the case was recorded. Coordinated: it was first shared with a
/// partner or first had an embargo signal. Embargo agreed: every participant had accepted a proposal; its agreed end
/// (after extensions); exited: lifted or broken. Published: the advisory's initial release; revised: its latest.
/// </summary>
public sealed record DashboardTimeline(
    DateTimeOffset Reported,
    DateTimeOffset? Coordinated,
    DateTimeOffset? EmbargoAgreed,
    DateTimeOffset? EmbargoEnd,
    DateTimeOffset? EmbargoExited,
    EmbargoOutcome Embargo,
    DateTimeOffset Published,
    DateTimeOffset Revised)
{
    public double DaysToPublication => (Published - Reported).TotalDays;
}
