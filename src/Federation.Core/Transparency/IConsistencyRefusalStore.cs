namespace Federation.Core.Transparency;

/// <summary>
/// How many times in a row each partner's log refused a consistency proof, kept in the store: a restart, or another
/// replica of this node witnessing the same partner, goes on with the same count.
/// </summary>
public interface IConsistencyRefusalStore
{
    /// <summary>Counts one more refusal of <paramref name="log"/> as one store operation (concurrent counts add up); returns how many in a row now.</summary>
    Task<int> CountAsync(string log, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Starts <paramref name="log"/>'s count over (a no-op, and no write, when it has none).</summary>
    Task ResetAsync(string log, CancellationToken cancellationToken);
}
