using Federation.Node.Peers;
using Wire = Federation.Contracts.V1;

namespace Federation.Node.Grpc.Mapping;

public static class PeerMapper
{
    public static Wire.PeerInfo ToWire(PeerStanding peer) => new()
    {
        Jurisdiction = peer.Jurisdiction.Value,
        Endpoint = peer.Endpoint ?? string.Empty,
        AnchorThumbprint = peer.AnchorThumbprint,
        PendingDeliveries = peer.PendingDeliveries,
        Suspension = peer.Suspension is { } s
            ? new Wire.PeerSuspension { Reason = s.Reason, SuspendedBy = s.SuspendedBy, SuspendedAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(s.SuspendedAt) }
            : null,
        PulledThrough = peer.CatchUp?.PulledThrough ?? 0,
        PulledAt = peer.CatchUp?.PulledAt is { } at ? Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(at) : null,
        PartnerHoldsThrough = peer.CatchUp?.PartnerHoldsThrough ?? 0,
    };
}
