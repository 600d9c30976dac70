namespace Federation.Core.Inbox;

/// <summary>What became of one envelope of a batch: a result to acknowledge, or the refusal to send back.</summary>
public sealed record ReceiveOutcome(ReceiveResult? Result, Refusal? Refusal)
{
    /// <summary>A countersignature was stored: which treaty versions are in force may have changed.</summary>
    public bool TreatyChanged { get; init; }

    /// <summary>Content held here was deleted or replaced; the store's files are erased of it after the commit.</summary>
    public bool ContentRemoved { get; init; }
}
