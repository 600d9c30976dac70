namespace Federation.Core.Dashboard;

/// <summary>One page of the published cases, newest first; pages are numbered from 1.</summary>
public sealed record DashboardPage(IReadOnlyList<DashboardCase> Cases, int Number, int Size, int Pages, int Total)
{
    public bool HasPrevious => Number > 1;

    public bool HasNext => Number < Pages;
}
