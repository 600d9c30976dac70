using Federation.Contracts.V1;
using Federation.Core.Identity;
using Federation.Node.Options;
using Microsoft.Extensions.Options;

namespace Federation.Node.Peers;

/// <summary>Calls a partner's peer service with a deadline on every call.</summary>
public sealed class PeerClient(PeerChannelPool channels, Security.EnvelopeSealer sealer, IOptions<OutboxOptions> outboxOptions, IOptions<CatchUpOptions> catchUpOptions)
{
    public const string ProtocolVersion = "federation.v1";

    /// <summary>federation.v1 and DeliverBatch: several envelopes a call, each still verified and acknowledged on its own.</summary>
    public const string BatchProtocolVersion = "federation.v2";

    /// <summary>federation.v2 whose DeliverBatch envelopes may share one signature over their root (SignedEnvelope.batch_seal).</summary>
    public const string BatchSealProtocolVersion = "federation.v3";

    /// <summary>The header in which a DeliverBatch caller declares how many envelopes its call carries, so that the gate can count them before reading it.</summary>
    public const string BatchSizeHeader = "federation-batch-size";
    public static readonly string NodeSoftware = $"Federation.Node/{typeof(PeerClient).Assembly.GetName().Version}";

    public async Task<DeliveryAck> DeliverAsync(JurisdictionCode partner, byte[] envelope, CancellationToken cancellationToken) =>
        await Client(partner).DeliverAsync(new DeliverRequest { Envelope = sealer.ForSending(envelope), ProtocolVersion = ProtocolVersion }, deadline: Deadline(), cancellationToken: cancellationToken);

    /// <summary>
    /// Several envelopes in one call (federation.v2): the answer holds an outcome for each, in their order. With
    /// <paramref name="sealTogether"/> (federation.v3), the envelopes it marks go under one signature.
    /// </summary>
    public async Task<DeliverBatchResponse> DeliverBatchAsync(JurisdictionCode partner, IReadOnlyList<byte[]> envelopes, IReadOnlyList<bool>? sealTogether, CancellationToken cancellationToken)
    {
        var request = new DeliverBatchRequest { ProtocolVersion = sealTogether is null ? BatchProtocolVersion : BatchSealProtocolVersion, ReceiptHead = true };
        if (sealTogether is null)
        {
            foreach (var envelope in envelopes)
            {
                request.Envelopes.Add(sealer.ForSending(envelope));
            }
        }
        else
        {
            request.Envelopes.AddRange(sealer.ForSendingSealedTogether(envelopes, sealTogether));
        }

        var headers = new global::Grpc.Core.Metadata { { BatchSizeHeader, envelopes.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) } };
        return await Client(partner).DeliverBatchAsync(request, headers, deadline: Deadline(), cancellationToken: cancellationToken);
    }

    public async Task<HandshakeResponse> HandshakeAsync(JurisdictionCode partner, CancellationToken cancellationToken) =>
        await Client(partner).HandshakeAsync(
            new HandshakeRequest { ProtocolVersions = { ProtocolVersion, BatchProtocolVersion, BatchSealProtocolVersion }, NodeSoftware = NodeSoftware },
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
