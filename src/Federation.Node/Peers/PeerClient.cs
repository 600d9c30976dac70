using Federation.Contracts.V1;
using Federation.Core.Identity;
using Federation.Node.Options;
using Microsoft.Extensions.Options;

namespace Federation.Node.Peers;

/// <summary>Calls a partner's peer service with a deadline on every call.</summary>
public sealed class PeerClient(PeerChannelPool channels, Security.EnvelopeSealer sealer, IOptions<OutboxOptions> outboxOptions, IOptions<CatchUpOptions> catchUpOptions)
{
    public const string ProtocolVersion = "federation.v1";
    public static readonly string NodeSoftware = $"Federation.Node/{typeof(PeerClient).Assembly.GetName().Version}";

    public async Task<DeliveryAck> DeliverAsync(JurisdictionCode partner, byte[] envelope, CancellationToken cancellationToken) =>
        await Client(partner).DeliverAsync(new DeliverRequest { Envelope = SignedEnvelope.Parser.ParseFrom(sealer.ResignIfStale(envelope)), ProtocolVersion = ProtocolVersion }, deadline: Deadline(), cancellationToken: cancellationToken);

    public async Task<HandshakeResponse> HandshakeAsync(JurisdictionCode partner, CancellationToken cancellationToken) =>
        await Client(partner).HandshakeAsync(
            new HandshakeRequest { ProtocolVersions = { ProtocolVersion }, NodeSoftware = NodeSoftware },
            deadline: Deadline(), cancellationToken: cancellationToken);

    public async Task<CaseStatusResponse> GetCaseStatusAsync(JurisdictionCode partner, string caseId, CancellationToken cancellationToken) =>
        await Client(partner).GetCaseStatusAsync(new CaseStatusRequest { FederationCaseId = caseId },
            deadline: Deadline(), cancellationToken: cancellationToken);

    /// <summary>Catch-up: what the partner addressed to us after <paramref name="afterSequence"/>, as a stream; one deadline for the whole stream.</summary>
    public global::Grpc.Core.AsyncServerStreamingCall<PullBatch> Pull(JurisdictionCode partner, long afterSequence, CancellationToken cancellationToken) =>
        Client(partner).Pull(new PullRequest { AfterSequence = afterSequence, Max = catchUpOptions.Value.MaxPerPull, ProtocolVersion = ProtocolVersion },
            deadline: DateTime.UtcNow + catchUpOptions.Value.CallTimeout, cancellationToken: cancellationToken);

    public async Task<CheckpointResponse> GetCheckpointAsync(JurisdictionCode partner, CancellationToken cancellationToken) =>
        await Client(partner).GetCheckpointAsync(new GetCheckpointRequest(), deadline: Deadline(), cancellationToken: cancellationToken);

    public async Task<ProofResponse> GetConsistencyProofAsync(JurisdictionCode partner, long oldSize, long newSize, CancellationToken cancellationToken) =>
        await Client(partner).GetConsistencyProofAsync(new ConsistencyProofRequest { OldSize = oldSize, NewSize = newSize }, deadline: Deadline(), cancellationToken: cancellationToken);

    public async Task<InclusionProofResponse> GetInclusionProofAsync(JurisdictionCode partner, long leafIndex, CancellationToken cancellationToken) =>
        await Client(partner).GetInclusionProofAsync(new InclusionProofRequest { LeafIndex = leafIndex }, deadline: Deadline(), cancellationToken: cancellationToken);

    public async Task<CosignResponse> CosignAsync(JurisdictionCode partner, string checkpoint, string cosignature, CancellationToken cancellationToken) =>
        await Client(partner).CosignAsync(new CosignRequest { Checkpoint = checkpoint, Cosignature = cosignature }, deadline: Deadline(), cancellationToken: cancellationToken);

    /// <summary>
    /// The partner's CA's revocation list (DER), on a channel that accepts the partner's server certificate while our list
    /// of it is only stale (fetching the fresh list is how that ends), never one that is revoked.
    /// </summary>
    public async Task<RevocationListResponse> GetRevocationListAsync(JurisdictionCode partner, CancellationToken cancellationToken) =>
        await new Peer.PeerClient(channels.ChannelFor(partner, acceptStaleRevocationList: true))
            .GetRevocationListAsync(new GetRevocationListRequest(), deadline: Deadline(), cancellationToken: cancellationToken);

    private Peer.PeerClient Client(JurisdictionCode partner) => new(channels.ChannelFor(partner));

    // Deadlines are wall-clock for the transport, whatever clock the domain runs on.
    private DateTime Deadline() => DateTime.UtcNow + outboxOptions.Value.CallTimeout;
}
