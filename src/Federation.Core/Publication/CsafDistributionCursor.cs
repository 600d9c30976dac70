namespace Federation.Core.Publication;

/// <summary>Where a page of the distribution table ended: the last entry's current release date and path.</summary>
public sealed record CsafDistributionCursor(DateTimeOffset CurrentReleaseDate, string Path)
{
    public static CsafDistributionCursor After(CsafDistributionEntry entry) => new(entry.CurrentReleaseDate, entry.Path);
}
