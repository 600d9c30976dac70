namespace Federation.Core.Delivery;

/// <summary>
/// The one signed note a receiver gave for the receipts of one DeliverBatch call, kept once with the receipts it covers
/// (packed: <see cref="Federation.Transparency.ReceiptLeaves"/>). Each message's outbox row then names its head and
/// its place under it (<see cref="OutboxMessage.ReceiptHeadId"/>), and the whole receipt is rebuilt when it is read: the same text an auditor
/// would have got had the receiver sent every receipt whole, for a few dozen bytes per message instead of hundreds.
/// </summary>
public sealed class DeliveryReceiptHead
{
    /// <summary>Ids are the lower-case hex SHA-256 of the note: the same head kept twice is one row.</summary>
    public const int IdLength = 64;

    private DeliveryReceiptHead()
    {
        Id = string.Empty;
        Log = string.Empty;
        Note = string.Empty;
        Leaves = [];
    }

    public DeliveryReceiptHead(string log, string note, byte[] leaves, DateTimeOffset keptAt)
    {
        ArgumentException.ThrowIfNullOrEmpty(log);
        ArgumentException.ThrowIfNullOrEmpty(note);
        ArgumentNullException.ThrowIfNull(leaves);
        if (note.Length > DeliveryReceipt.MaxNoteLength)
        {
            throw new ArgumentOutOfRangeException(nameof(note), note.Length, $"A receipt head is at most {DeliveryReceipt.MaxNoteLength} characters.");
        }

        Id = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(note)));
        Log = log;
        Note = note;
        Leaves = leaves;
        KeptAt = keptAt;
    }

    public string Id { get; private set; }

    /// <summary>The receiver's log, the origin of every receipt under the head.</summary>
    public string Log { get; private set; }

    /// <summary>The signed note, exactly as the receiver sent it (checked before it was kept).</summary>
    public string Note { get; private set; }

    /// <summary>The receipts under it, in its order, packed.</summary>
    public byte[] Leaves { get; private set; }

    public DateTimeOffset KeptAt { get; private set; }
}
