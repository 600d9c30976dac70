namespace Federation.Core.Dashboard;

/// <summary>The dashboard's read port: a few set-based queries, never one per case.</summary>
public interface IDashboardSource
{
    /// <summary>The facts as of <paramref name="now"/>: only advisories whose publication instant is at or before it.</summary>
    Task<DashboardFacts> LoadAsync(DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The CSAF documents of these advisories (by tracking id), as stored.</summary>
    Task<IReadOnlyDictionary<string, byte[]>> ReadDocumentsAsync(IReadOnlyCollection<string> trackingIds, CancellationToken cancellationToken);
}
