namespace Federation.Core.Delivery;

/// <summary>
/// A signed envelope waiting for delivery. Written in the same transaction as the decision that
/// produced it; moved to Delivered on the receiver's acknowledgement, or retried with backoff.
/// </summary>
public sealed class OutboxMessage
{
    private OutboxMessage()
    {
        Id = string.Empty;
        Recipient = string.Empty;
        Envelope = [];
    }

    public OutboxMessage(string id, string recipient, string? caseId, long revision, byte[] envelope, DateTimeOffset createdAt)
    {
        Id = id;
        Recipient = recipient;
        CaseId = caseId;
        Revision = revision;
        Envelope = envelope;
        CreatedAt = createdAt;
        NextAttemptAt = createdAt;
        State = DeliveryState.Pending;
    }

    /// <summary>The global message id the envelope carries.</summary>
    public string Id { get; private set; }
    public string Recipient { get; private set; }
    public string? CaseId { get; private set; }
    public long Revision { get; private set; }

    /// <summary>The serialized signed envelope, exactly as it goes on the wire.</summary>
    public byte[] Envelope { get; private set; }
    public DeliveryState State { get; private set; }
    public int Attempts { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset NextAttemptAt { get; private set; }
    public DateTimeOffset? DeliveredAt { get; private set; }

    /// <summary>The last delivery error (a status and message from the peer; never case content).</summary>
    public string? LastError { get; private set; }

    /// <summary>Replaces the envelope by its re-sealed copy (same message id and body, new creation time), kept for every later attempt.</summary>
    public void Reseal(byte[] envelope) => Envelope = envelope;

    /// <summary>
    /// The head its receipt is kept under (<see cref="DeliveryReceiptHead.Id"/>), with its place there; null when the
    /// receiver gave none under a head (a receipt sent whole is kept apart, <see cref="DeliveryReceipt"/>). On the row
    /// itself: two small columns of the update that marks it delivered, where a row apart was one insert per message.
    /// </summary>
    public string? ReceiptHeadId { get; private set; }

    public int? ReceiptPosition { get; private set; }

    /// <summary>
    /// Delivered: the receiver acknowledged it. Its receipt, if it gave one, is kept apart (<see cref="DeliveryReceipt"/>),
    /// or as its place under <paramref name="receiptHead"/>, the one head of its call.
    /// </summary>
    public void MarkDelivered(DateTimeOffset now, DeliveryReceiptHead? receiptHead = null, int receiptPosition = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(receiptPosition);
        Attempts++;
        State = DeliveryState.Delivered;
        DeliveredAt = now;
        LastError = null;
        ReceiptHeadId = receiptHead?.Id;
        ReceiptPosition = receiptHead is null ? null : receiptPosition;
    }

    /// <summary>
    /// The partner was busy and said when to come back (RESOURCE_EXHAUSTED with a retry delay): not a failed attempt, so it
    /// does not count toward the attempts that make a message fail, however often a busy partner says it.
    /// </summary>
    public void Defer(string reason, DateTimeOffset until)
    {
        LastError = BoundedText.Prefix(reason, 1024);
        NextAttemptAt = until;
    }

    /// <summary>Records a failed attempt: a transient failure is retried later, a permanent one is final.</summary>
    public void MarkAttemptFailed(string error, bool permanent, DeliveryBackoff backoff, DateTimeOffset now)
    {
        Attempts++;
        LastError = BoundedText.Prefix(error, 1024);
        if (permanent || Attempts >= backoff.MaxAttempts)
        {
            State = DeliveryState.Failed;
            return;
        }

        NextAttemptAt = now + backoff.DelayAfter(Attempts);
    }
}
