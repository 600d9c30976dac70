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

    /// <summary>The delivered message's global id (the outbox row's key).</summary>
    public string MessageId { get; private set; }

    /// <summary>The signed note, exactly as the receiver sent it (checked before it was kept).</summary>
    public string Note { get; private set; }

    public DateTimeOffset KeptAt { get; private set; }
}
