namespace Federation.Node.Public.Dashboard;

/// <summary>How the public dashboard's snapshot is kept fresh. Section "Federation:Dashboard".</summary>
public sealed class DashboardOptions
{
    public const string SectionName = "Federation:Dashboard";

    /// <summary>The least time between two rebuilds, however many publications arrive (a burst costs one rebuild).</summary>
    public TimeSpan MinRebuildInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The oldest a snapshot may grow without a publication: deadlines pass and reports are recorded without one,
    /// so the figures are recomputed at least this often (a rebuild of 10,000 cases costs a core for a second or two).
    /// </summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Published cases per page of the list and of the JSON feed.</summary>
    public int PageSize { get; set; } = Core.Dashboard.DashboardSnapshot.DefaultPageSize;
}
