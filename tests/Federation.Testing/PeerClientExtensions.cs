using Federation.Contracts.V1;
using Grpc.Core;

namespace Federation.Testing;

/// <summary>Border tests hand-build envelopes; this delivers one as a partner speaking federation.v1 would.</summary>
public static class PeerClientExtensions
{
    public const string ProtocolVersion = "federation.v1";

    public static AsyncUnaryCall<DeliveryAck> DeliverAsync(
        this Peer.PeerClient client, SignedEnvelope envelope, Metadata? headers = null, DateTime? deadline = null, CancellationToken cancellationToken = default) =>
        client.DeliverAsync(new DeliverRequest { Envelope = envelope, ProtocolVersion = ProtocolVersion }, headers, deadline, cancellationToken);
}
