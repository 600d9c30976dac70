namespace Federation.Node.Options;

/// <summary>One partner's own limits ("Federation:Peer:Limits:Partners:DE"); a value not set is the default.</summary>
public sealed class PeerLimitOverride
{
    public int? MaxCallsInFlight { get; set; }

    public int? MessagesPerSecond { get; set; }

    public int? Burst { get; set; }
}
