using Federation.Core.Identity;
using Federation.Core.Transparency;
using Federation.Transparency;

namespace Federation.Node.Outbox;

/// <summary>
/// What the sender keeps of the receipt an acknowledgement carried: the receiver's signed note, if it is a receipt of
/// the receiver's log for this very message. Its signature is checked by whoever relies on it (an auditor, with the
/// receiver's log key from its checkpoints); anything else a partner sends here is not kept.
/// </summary>
public static class DeliveryReceipt
{
    /// <summary>A receipt is a few hundred bytes; a partner's longer text is not stored.</summary>
    public const int MaxLength = 4096;

    public static string? Keep(string? note, JurisdictionCode recipient, string messageId, byte[]? digest)
    {
        if (string.IsNullOrEmpty(note) || note.Length > MaxLength)
        {
            return null;
        }

        try
        {
            var receipt = LogReceipt.Parse(SignedNote.Parse(note).Text);
            // Its digest must be of what we sent: a receipt for other bytes promises nothing about this message.
            return receipt.Origin == AuditLogName.Of(recipient) && receipt.MessageId == messageId
                && digest is not null && receipt.MessageDigest.AsSpan().SequenceEqual(digest) ? note : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
