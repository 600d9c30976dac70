namespace Federation.Transparency.Bundles;

/// <summary>
/// A partner's receipt the log's node holds for a message it sent: <see cref="Note"/> is the partner's signed note
/// (<see cref="LogReceipt"/>), exactly as its acknowledgement carried it; <see cref="Leaf"/> is the index of this log's
/// own leaf that records that acknowledgement (kind <see cref="BundleHeldReceipts.DeliveredKind"/>, the same message id
/// and digest), in the bundle's range or among its inclusions.
/// </summary>
public sealed record BundleHeldReceipt
{
    public required long Leaf { get; init; }

    public required string Note { get; init; }
}
