using Federation.Core.Delivery;

namespace Federation.Node.Outbox;

/// <summary>
/// What became of the receipt an acknowledgement carried: kept (its note, or its place under a head kept once for a
/// whole call), refused (why), or none was given.
/// </summary>
public sealed record ReceiptCheck(string? Kept, string? Refusal)
{
    public static readonly ReceiptCheck None = new(null, null);

    /// <summary>The head the receipt is kept under, shared by every receipt of its call; null for one kept whole.</summary>
    public DeliveryReceiptHead? Head { get; init; }

    /// <summary>The receipt's place under <see cref="Head"/>.</summary>
    public int Position { get; init; }

    public static ReceiptCheck Keep(string note) => new(note, null);

    public static ReceiptCheck KeepUnder(DeliveryReceiptHead head, int position) => new(null, null) { Head = head, Position = position };

    public static ReceiptCheck Refuse(string reason) => new(null, reason);
}
