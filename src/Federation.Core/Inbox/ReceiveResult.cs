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
}
