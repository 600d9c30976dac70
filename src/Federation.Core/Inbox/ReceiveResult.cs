namespace Federation.Core.Inbox;

public sealed record ReceiveResult(string MessageId, bool Duplicate, DateTimeOffset ReceivedAt)
{
    /// <summary>Its handler failed unexpectedly: it is kept in the quarantine, and its sender acknowledged.</summary>
    public bool Quarantined { get; init; }

    /// <summary>
    /// The audit entry that records this envelope here; once the batch committed, it carries its leaf in the
    /// transparency log (index and hash), which the acknowledgement's receipt promises.
    /// </summary>
    public Audit.AuditEntry? Record { get; init; }

    /// <summary>
    /// The receipt the acknowledgement carries: the log's signed promise for <see cref="Record"/>'s leaf, signed once
    /// for the whole group commit by the node after it committed; empty when there is nothing to promise.
    /// </summary>
    public string Receipt { get; init; } = string.Empty;
}
