namespace Federation.Core.CatchUp;

/// <summary>
/// The per-partner logs of what this node addressed to each partner, and the catch-up cursors. Lines are added by
/// the outbox (<see cref="Delivery.IOutbox.Enqueue"/>), in the unit of work that produced the message.
/// </summary>
public interface IPeerLog
{
    /// <summary>
    /// Up to <paramref name="limit"/> lines for <paramref name="recipient"/> after <paramref name="afterSequence"/> whose
    /// message the partner has not acknowledged, oldest first. Acknowledged ones (delivered by push) are skipped: the
    /// partner holds them.
    /// </summary>
    Task<IReadOnlyList<PeerLogItem>> ReadAsync(string recipient, long afterSequence, int limit, CancellationToken cancellationToken);

    /// <summary>The highest sequence in the log for <paramref name="recipient"/> (0 when empty).</summary>
    Task<long> HighWaterAsync(string recipient, CancellationToken cancellationToken);

    /// <summary>The cursor for <paramref name="partner"/>, tracked by the unit of work; a new one when there is none yet.</summary>
    Task<CatchUpCursor> CursorAsync(string partner, CancellationToken cancellationToken);

    Task<IReadOnlyList<CatchUpCursor>> ListCursorsAsync(CancellationToken cancellationToken);

    /// <summary>Removes up to <paramref name="max"/> lines the partner is known to hold (delivered, or at or below what it said it holds).</summary>
    Task<int> PruneHeldAsync(int max, CancellationToken cancellationToken);
}
