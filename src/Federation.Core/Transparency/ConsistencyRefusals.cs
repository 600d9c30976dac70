using System.Collections.Concurrent;

namespace Federation.Core.Transparency;

/// <summary>
/// How many times in a row each partner's log has refused to prove its new head consistent with the last one kept.
/// An honest log can always prove it, so a partner that keeps refusing is hiding a fork: after
/// <see cref="ForkAfter"/> refusals in a row the witness records one, rather than waiting for ever. In memory
/// (one process's count, started over by a restart): a refusal is also audited each time, so none is lost.
/// </summary>
public sealed class ConsistencyRefusals
{
    public const int ForkAfter = 5;

    private readonly ConcurrentDictionary<string, int> _inARow = new(StringComparer.Ordinal);

    /// <summary>Counts one more refusal of <paramref name="log"/>; returns how many in a row.</summary>
    public int Refused(string log) => _inARow.AddOrUpdate(log, 1, (_, count) => count + 1);

    /// <summary>The log proved a head (or showed the one kept): its count starts over.</summary>
    public void Proved(string log) => _inARow.TryRemove(log, out _);
}
