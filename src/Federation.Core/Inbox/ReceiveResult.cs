namespace Federation.Core.Inbox;

public sealed record ReceiveResult(string MessageId, bool Duplicate, DateTimeOffset ReceivedAt)
{
    /// <summary>Its handler failed unexpectedly: it is kept in the quarantine, and its sender acknowledged.</summary>
    public bool Quarantined { get; init; }
}
