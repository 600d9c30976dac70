namespace Federation.Node.Options;

/// <summary>Delivery of the outbox. Section "Federation:Outbox".</summary>
public sealed class OutboxOptions
{
    public const string SectionName = "Federation:Outbox";

    public int BatchSize { get; set; } = 256;

    /// <summary>
    /// Envelopes sent in one call to a partner that speaks federation.v2 (DeliverBatch), at most what it told us in the
    /// handshake; 1 sends one envelope a call (Deliver) to every partner. Each envelope is still verified, checked,
    /// stored and acknowledged on its own: a batch only saves the round trips and the per-call work at both ends.
    /// </summary>
    public int EnvelopesPerCall { get; set; } = 32;

    /// <summary>
    /// Sign a call's summaries, withdrawals and publications once, over their Merkle root, for a partner that speaks
    /// federation.v3: one signature and one verification a call instead of one an envelope, each envelope still
    /// verifiable on its own by its audit path. Off: every envelope keeps its own signature (federation.v2).
    /// </summary>
    public bool SealBatches { get; set; } = true;

    /// <summary>How long a partner's answer to our handshake (which protocol, how many envelopes a call) is trusted before it is asked again.</summary>
    public TimeSpan ProtocolRecheckInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Calls in flight at once, across partners.</summary>
    public int MaxInFlight { get; set; } = 64;

    /// <summary>
    /// Batches sent and not yet committed at once: the next batch is fetched and sent while the one before it is still
    /// answered, so that a partner's inbox always has envelopes to store (with one, its single writer waited for the
    /// sender between batches for about 40 % of the time). Calls in flight stay within <see cref="MaxInFlight"/> across them.
    /// With 2 a batch commits while the next is sent; with 1 each batch is sent and committed before the next is fetched.
    /// </summary>
    public int BatchesInFlight { get; set; } = 2;

    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(10);

    public int MaxAttempts { get; set; } = 1000;

    /// <summary>Deadline of each delivery call.</summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the dispatcher looks for due retries when nothing wakes it.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);
}
