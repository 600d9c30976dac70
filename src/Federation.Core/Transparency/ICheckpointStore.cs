namespace Federation.Core.Transparency;

/// <summary>Signed checkpoints, ours and our partners': kept for good, since they are the evidence.</summary>
public interface ICheckpointStore
{
    Task AddAsync(StoredCheckpoint checkpoint, CancellationToken cancellationToken);

    /// <summary>
    /// The latest checkpoint of a log (largest size, then latest time), or null; of a partner's log whose fork an
    /// operator cleared, the latest kept since (<see cref="ILogForkStore.ClearAsync"/>), so that witnessing starts over.
    /// </summary>
    Task<StoredCheckpoint?> LatestAsync(string log, CancellationToken cancellationToken);

    /// <summary>A log's checkpoints made in [from, to), oldest first.</summary>
    Task<IReadOnlyList<StoredCheckpoint>> ListAsync(string log, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);
}
