namespace Federation.Core.Dashboard;

/// <summary>The public-interest figures, all over published cases except <see cref="Unpublished"/>, which is bucketed.</summary>
public sealed record DashboardFigures(
    int Published,
    IReadOnlyList<QuarterCount> PublishedPerQuarter,
    double? MedianDaysToPublication,
    EmbargoFigures Embargoes,
    IReadOnlyList<DeadlineFigures> Deadlines,
    UnpublishedFigures Unpublished);
