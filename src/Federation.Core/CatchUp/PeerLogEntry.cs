namespace Federation.Core.CatchUp;

/// <summary>
/// One line of the log of what this node addressed to one partner, in the order it was committed. The envelope
/// itself is the outbox row's (the exact bytes the node sealed); the line gives it a sequence the partner can pull
/// from. Written with the outbox row, in the same transaction; removed once the partner is known to hold it.
/// </summary>
public sealed class PeerLogEntry
{
    private PeerLogEntry()
    {
        Recipient = string.Empty;
        MessageId = string.Empty;
    }

    public PeerLogEntry(string recipient, string messageId, DateTimeOffset createdAt)
    {
        Recipient = recipient;
        MessageId = messageId;
        CreatedAt = createdAt;
    }

    /// <summary>Assigned by the store on insert: increases with every commit, never reused (not dense per partner).</summary>
    public long Sequence { get; private set; }

    public string Recipient { get; private set; }

    /// <summary>The outbox message (and global message id) this line stands for.</summary>
    public string MessageId { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }
}
