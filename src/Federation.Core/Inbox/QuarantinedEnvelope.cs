namespace Federation.Core.Inbox;

/// <summary>
/// A verified envelope whose handler failed unexpectedly (an exception, not a refusal): kept with its
/// error instead of failing its batch, so the sender is acknowledged and stops retrying, and the other
/// envelopes of the batch commit. An operator retries it once the fault is fixed, or drops it. Its
/// message id is recorded as received, so a redelivery is answered as a duplicate and not applied.
/// </summary>
public sealed class QuarantinedEnvelope
{
    /// <summary>The error kept with it (the exception's type and message, escaped and capped).</summary>
    public const int MaxError = 2048;

    private QuarantinedEnvelope()
    {
        MessageId = Origin = ContentHash = Error = string.Empty;
        Envelope = [];
    }

    public QuarantinedEnvelope(string messageId, string origin, string? caseId, string contentHash, byte[] envelope, string error, DateTimeOffset now)
        : this()
    {
        MessageId = messageId;
        Origin = origin;
        CaseId = caseId;
        ContentHash = contentHash;
        Envelope = envelope;
        QuarantinedAt = now;
        Fail(error, now);
    }

    public string MessageId { get; private set; }
    public string Origin { get; private set; }

    public string? CaseId { get; private set; }
    public string ContentHash { get; private set; }

    /// <summary>The signed envelope exactly as it arrived: a retry verifies it again.</summary>
    public byte[] Envelope { get; private set; }
    public string Error { get; private set; }
    public int Attempts { get; private set; }
    public DateTimeOffset QuarantinedAt { get; private set; }
    public DateTimeOffset LastAttemptAt { get; private set; }

    /// <summary>Records a failed attempt (the first, or a retry that failed again).</summary>
    public void Fail(string error, DateTimeOffset now)
    {
        Attempts++;
        Error = BoundedText.Of(error, MaxError);
        LastAttemptAt = now;
    }
}
