using Federation.Core.Identity;

namespace Federation.Node.Peers;

/// <summary>One partner as this node knows it: where it listens, the anchor pinned for it, what waits for it, and whether an operator suspended it.</summary>
public sealed record PeerStanding(JurisdictionCode Jurisdiction, string? Endpoint, string AnchorThumbprint, int PendingDeliveries, Core.Peers.PeerSuspension? Suspension)
{
    /// <summary>Catch-up with this partner (none yet: every figure zero).</summary>
    public Core.CatchUp.CatchUpCursor? CatchUp { get; init; }
}
