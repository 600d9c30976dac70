namespace Federation.Core.Delivery;

/// <summary>
/// The receiver's signed receipt for one delivered message ("receipt/v1", signed alone or in a batch): its promise that
/// its transparency log holds the message at an index. Kept as received, once, beside the outbox row rather than in it:
/// the row is rewritten at every attempt and its commit is on every share's path, while a receipt is written once and
/// read only by operators and exports. An auditor checks it against the receiver's log.
/// </summary>
public sealed class DeliveryReceipt
{
    /// <summary>A receipt is a few hundred characters; a batched one (its batch's head and audit path) a few thousand.</summary>
    public const int MaxNoteLength = Federation.Transparency.SignedReceipt.MaxLength;

    private DeliveryReceipt()
    {
        MessageId = string.Empty;
        Note = string.Empty;
    }

    public DeliveryReceipt(string messageId, string note, DateTimeOffset keptAt)
    {
        ArgumentException.ThrowIfNullOrEmpty(messageId);
        ArgumentException.ThrowIfNullOrEmpty(note);
        if (note.Length > MaxNoteLength)
        {
            throw new ArgumentOutOfRangeException(nameof(note), note.Length, $"A receipt is at most {MaxNoteLength} characters.");
        }

        MessageId = messageId;
        Note = note;
        KeptAt = keptAt;
    }

    /// <summary>A receipt rebuilt when read, from the head it was signed under and its place there.</summary>
    public DeliveryReceipt(string messageId, DeliveryReceiptHead head, int position, DateTimeOffset keptAt)
    {
        ArgumentException.ThrowIfNullOrEmpty(messageId);
        ArgumentNullException.ThrowIfNull(head);
        ArgumentOutOfRangeException.ThrowIfNegative(position);
        MessageId = messageId;
        Note = string.Empty;
        HeadId = head.Id;
        Position = position;
        KeptAt = keptAt;
    }

    /// <summary>The delivered message's global id (the outbox row's key).</summary>
    public string MessageId { get; private set; }

    /// <summary>The signed note, exactly as the receiver sent it (checked before it was kept); empty for one kept under a head.</summary>
    public string Note { get; private set; }

    /// <summary>The <see cref="DeliveryReceiptHead"/> this receipt is rebuilt under, or null for one kept whole.</summary>
    public string? HeadId { get; private set; }

    /// <summary>Its place under its head.</summary>
    public int? Position { get; private set; }

    public DateTimeOffset KeptAt { get; private set; }
}
