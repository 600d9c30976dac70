namespace Federation.Node.Outbox;

/// <summary>What became of the receipt an acknowledgement carried: kept (its note), refused (why), or none was given.</summary>
public sealed record ReceiptCheck(string? Kept, string? Refusal)
{
    public static readonly ReceiptCheck None = new(null, null);

    public static ReceiptCheck Keep(string note) => new(note, null);

    public static ReceiptCheck Refuse(string reason) => new(null, reason);
}
