namespace Federation.Core.Transparency;

/// <summary>
/// How many times in a row each partner's log has refused to prove its new head consistent with the last one kept.
/// An honest log can always prove it, so a partner that keeps refusing is hiding a fork: after
/// <see cref="ForkAfter"/> refusals in a row the witness records one, rather than waiting for ever. The count is the
/// store's (<see cref="IConsistencyRefusalStore"/>), so a partner that waits for this node to restart, or that answers
/// each replica in turn, starts nothing over; each refusal is also audited.
/// </summary>
public sealed class ConsistencyRefusals(IConsistencyRefusalStore store, TimeProvider timeProvider)
{
    public const int ForkAfter = 5;

    /// <summary>Counts one more refusal of <paramref name="log"/>; returns how many in a row.</summary>
    public Task<int> RefusedAsync(string log, CancellationToken cancellationToken) => store.CountAsync(log, timeProvider.GetUtcNow(), cancellationToken);

    /// <summary>The log proved a head (or showed the one kept), or its refusals became a fork: its count starts over.</summary>
    public Task ProvedAsync(string log, CancellationToken cancellationToken) => store.ResetAsync(log, cancellationToken);
}
