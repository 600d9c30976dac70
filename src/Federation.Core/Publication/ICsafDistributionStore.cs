namespace Federation.Core.Publication;

/// <summary>The provider's distribution table: one row per document in the white folder.</summary>
public interface ICsafDistributionStore
{
    /// <summary>Tracked for update; one added earlier in the same unit of work is found too.</summary>
    Task<CsafDistributionEntry?> FindByTrackingIdAsync(string trackingId, CancellationToken cancellationToken);

    /// <summary>The entry at <paramref name="path"/> if it is public at <paramref name="at"/>.</summary>
    Task<CsafDistributionEntry?> FindPublicAsync(string path, DateTimeOffset at, CancellationToken cancellationToken);

    void Add(CsafDistributionEntry entry);

    /// <summary>
    /// Entries public at <paramref name="at"/>, newest current release first (then by path), after the keyset
    /// <paramref name="after"/>: callers page through the table instead of loading it whole.
    /// </summary>
    Task<IReadOnlyList<CsafDistributionEntry>> ListPublicAsync(DateTimeOffset at, CsafDistributionCursor? after, int limit, CancellationToken cancellationToken);

    /// <summary>How many entries are public at <paramref name="at"/>, and the latest current release among them.</summary>
    Task<CsafDistributionState> StateAsync(DateTimeOffset at, CancellationToken cancellationToken);
}
