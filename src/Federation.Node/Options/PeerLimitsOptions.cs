namespace Federation.Node.Options;

/// <summary>
/// What one partner may ask of this node at once. Section "Federation:Peer:Limits"; <see cref="Partners"/> overrides
/// a value for one partner ("Federation:Peer:Limits:Partners:DE:MessagesPerSecond"). The defaults sit far above what
/// a correct partner's outbox sends (64 calls in flight), so only a flood meets them.
/// </summary>
public sealed class PeerLimitsOptions
{
    public const string SectionName = "Federation:Peer:Limits";

    /// <summary>Calls of one partner being served at once; the next one is refused.</summary>
    public int MaxCallsInFlight { get; set; } = 256;

    /// <summary>Messages (envelopes; any other call counts one) one partner may send per second, on average.</summary>
    public int MessagesPerSecond { get; set; } = 20_000;

    /// <summary>Messages one partner may send at once after a quiet spell (the token bucket's size).</summary>
    public int Burst { get; set; } = 40_000;

    /// <summary>The retry delay told to a partner refused for having too many calls in flight.</summary>
    public TimeSpan BusyRetryDelay { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// How long a partner that calls again inside the retry delay it was told waits for its next refusal (or the delay itself,
    /// if longer). A rate refusal's delay is the time to the next token, often a few milliseconds: a flooder's callers
    /// looping on that would make refusals, each a TLS-framed HTTP/2 stream, cost more CPU than its admitted calls.
    /// </summary>
    public TimeSpan IgnoredRetryHold { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The calls in flight that active partners share while more than one is active: each may then hold an equal part
    /// (at least one), however high its own <see cref="MaxCallsInFlight"/>, unless another active partner holds more. Sized for a node of two cores: about what it
    /// can work on at once without a trickling partner's call waiting behind a flooder's queue.
    /// </summary>
    public int SharedCallsInFlight { get; set; } = 8;

    /// <summary>How long after its last admitted call a partner still counts as active for <see cref="SharedCallsInFlight"/>.</summary>
    public TimeSpan ContentionWindow { get; set; } = TimeSpan.FromSeconds(1);

    public Dictionary<string, PeerLimitOverride> Partners { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The limits that apply to <paramref name="partner"/>: its overrides, else the defaults.</summary>
    public PartnerLimits For(string partner)
    {
        var custom = Partners.GetValueOrDefault(partner);
        return new PartnerLimits(
            custom?.MaxCallsInFlight ?? MaxCallsInFlight,
            custom?.MessagesPerSecond ?? MessagesPerSecond,
            // A partner given its own rate but no bucket gets two seconds' worth, not the default bucket sized for another rate.
            custom?.Burst ?? (custom?.MessagesPerSecond is { } rate ? (int)Math.Min(100_000_000L, 2L * rate) : Burst));
    }
}
