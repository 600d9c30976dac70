namespace Federation.Storage;

/// <summary>
/// The older SHA-256 chain of audit entries written before the transparency log is broken: an entry's hash is not what
/// its content gives, or it does not link to the one before. Such history is not signed into the log unless the
/// operator accepts the break; the node's host turns this into a refusal to start that names the setting.
/// </summary>
public sealed class AuditChainBrokenException(long firstBrokenSequence, IReadOnlyList<long> breaks, string message) : Exception(message)
{
    /// <summary>The first broken entry not covered by the operator's acceptance.</summary>
    public long FirstBrokenSequence { get; } = firstBrokenSequence;

    /// <summary>Every broken entry found (at most <see cref="Transparency.LogBackfill.MaxBreaksNamed"/>), oldest first.</summary>
    public IReadOnlyList<long> Breaks { get; } = breaks;
}
