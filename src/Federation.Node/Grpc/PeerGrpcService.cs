using Federation.Contracts.V1;
using Federation.Core;
using Federation.Core.Audit;
using Federation.Core.Identity;
using Federation.Core.Inbox;
using Federation.Core.Sharing;
using Federation.Core.Treaties;
using Federation.Node.Grpc.Mapping;
using Federation.Node.Hosting;
using Federation.Node.Inbox;
using Federation.Node.Peers;
using Federation.Node.Security;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace Federation.Node.Grpc;

/// <summary>
/// Node to node. The caller's identity was established at the gate from its certificate. Bound to the generated
/// contract by <see cref="PeerServiceMethodProvider"/> (one public method per RPC, by name), not by deriving from it.
/// </summary>
public sealed class PeerGrpcService(
    EnvelopeVerifier verifier, InboxBatcher inbox, IAuditLog audit,
    CaseStatusService status, ITreatyRegistry treaties, LocalNode node, CatchUp.CatchUpServer catchUp, Transparency.LogServer logServer,
    OwnRevocationList ownRevocationList, TimeProvider timeProvider)
{
    public Task<HandshakeResponse> Handshake(HandshakeRequest request, ServerCallContext context)
    {
        var caller = Caller(context);
        var response = new HandshakeResponse
        {
            CallerJurisdiction = caller.Jurisdiction.Value,
            CalleeJurisdiction = node.Jurisdiction.Value,
            ProtocolVersions = { PeerClient.ProtocolVersion },
            SelectedProtocolVersion = request.ProtocolVersions.Contains(PeerClient.ProtocolVersion) ? PeerClient.ProtocolVersion : string.Empty,
            ServerTime = Timestamp.FromDateTimeOffset(timeProvider.GetUtcNow()),
            NodeSoftware = PeerClient.NodeSoftware,
        };
        response.SharedTreaties.AddRange(TreatyMapper.ToWire(treaties.InForceBetween(node.Jurisdiction, caller.Jurisdiction, timeProvider.GetUtcNow())));
        return Task.FromResult(response);
    }

    public async Task<DeliveryAck> Deliver(DeliverRequest request, ServerCallContext context)
    {
        var caller = Caller(context);
        RequireProtocolVersion(request.ProtocolVersion);
        var envelope = request.Envelope ?? new SignedEnvelope();
        VerifiedEnvelope verified;
        try
        {
            verified = verifier.Verify(envelope, caller);
        }
        catch (FederationException ex)
        {
            // Unsigned, tampered or mis-signed envelopes are evidence too: audit them before refusing.
            await audit.AppendNowAsync(AuditEntry.Create(timeProvider, AuditKinds.EnvelopeRejected, $"peer:{caller.Jurisdiction}", null, "rejected",
                $"code={ex.Code}; field={ex.Field}; reason={ex.Message}; bytes={envelope.CalculateSize()}"), context.CancellationToken);
            throw;
        }

        var result = await inbox.AcceptAsync(verified, caller.Jurisdiction.Value, context.CancellationToken);
        return new DeliveryAck
        {
            MessageId = result.MessageId,
            Duplicate = result.Duplicate,
            ReceivedAt = Timestamp.FromDateTimeOffset(result.ReceivedAt),
            Receipt = result.Receipt,
        };
    }

    public async Task<CaseStatusResponse> GetCaseStatus(CaseStatusRequest request, ServerCallContext context)
    {
        var answer = await status.GetForPartnerAsync(request.FederationCaseId, Caller(context).Jurisdiction, context.CancellationToken);
        var response = new CaseStatusResponse
        {
            Summary = SummaryMapper.ToWire(answer.Summary),
            TreatyId = answer.Treaty.Id,
            TreatyVersion = answer.Treaty.Version,
            UpdatedAt = Timestamp.FromDateTimeOffset(answer.UpdatedAt),
            EmbargoState = WireEnums.ToWire(answer.Embargo.State),
            EmbargoEnd = answer.Embargo.AgreedEnd is { } end ? Timestamp.FromDateTimeOffset(end) : null,
        };
        response.Deadlines.AddRange(answer.Deadlines.Select(d => new PeerDeadline
        {
            Name = d.Name,
            DueFrom = d.DueFrom.Value,
            DueAt = Timestamp.FromDateTimeOffset(d.DueAt),
            State = WireEnums.ToWire(d.State),
        }));
        return response;
    }

    /// <summary>Catch-up: the caller pulls what this node addressed to it (to it only: the log is chosen by its certificate).</summary>
    public Task Pull(PullRequest request, IServerStreamWriter<PullBatch> responseStream, ServerCallContext context)
    {
        RequireProtocolVersion(request.ProtocolVersion);
        return catchUp.ServeAsync(Caller(context), request, responseStream, context.CancellationToken);
    }

    public Task<CheckpointResponse> GetCheckpoint(GetCheckpointRequest request, ServerCallContext context)
    {
        _ = Caller(context);
        return logServer.GetCheckpointAsync(context.CancellationToken);
    }

    public Task<ProofResponse> GetConsistencyProof(ConsistencyProofRequest request, ServerCallContext context)
    {
        _ = Caller(context);
        return logServer.GetConsistencyProofAsync(request.OldSize, request.NewSize, context.CancellationToken);
    }

    public Task<InclusionProofResponse> GetInclusionProof(InclusionProofRequest request, ServerCallContext context) =>
        logServer.GetInclusionProofAsync(Caller(context), request.LeafIndex, context.CancellationToken);

    public Task<CosignResponse> Cosign(CosignRequest request, ServerCallContext context) =>
        logServer.CosignAsync(Caller(context), context.GetHttpContext().Connection.ClientCertificate, request.Checkpoint, request.Cosignature, context.CancellationToken);

    /// <summary>This node's CA's revocation list, for a partner that pins that CA (the gate let it through even if its own list of us is stale).</summary>
    public async Task<RevocationListResponse> GetRevocationList(GetRevocationListRequest request, ServerCallContext context)
    {
        _ = Caller(context);
        return new RevocationListResponse { Crl = Google.Protobuf.ByteString.CopyFrom(await ownRevocationList.ReadAsync(context.CancellationToken)) };
    }

    /// <summary>Checked before anything else is read: what a version we do not speak means is not ours to guess.</summary>
    private static void RequireProtocolVersion(string version)
    {
        if (version.Length > 0 && version != PeerClient.ProtocolVersion)
        {
            throw new FederationException(ErrorCode.ProtocolVersionUnsupported,
                $"This node speaks {PeerClient.ProtocolVersion}, not '{(version.Length <= 40 ? version : version[..40] + "…")}'.", "protocol_version");
        }
    }

    private static PeerIdentity Caller(ServerCallContext context) =>
        context.GetHttpContext().Items[PeerGateMiddleware.IdentityItem] as PeerIdentity
        ?? throw new RpcException(new Status(StatusCode.Unauthenticated, "No verified peer identity on this call."));
}
