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
using Federation.Node.Interceptors;
using Federation.Node.Peers;
using Federation.Node.Security;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace Federation.Node.Grpc;

/// <summary>
/// Node to node. The caller's identity was established at the gate from its certificate. Bound to the generated
/// contract by <see cref="PeerServiceMethodProvider"/> (one public method per RPC, by name), not by deriving from it.
/// </summary>
public sealed partial class PeerGrpcService(
    EnvelopeVerifier verifier, InboxBatcher inbox, IAuditLog audit,
    CaseStatusService status, ITreatyRegistry treaties, LocalNode node, CatchUp.CatchUpServer catchUp, Transparency.LogServer logServer,
    OwnRevocationList ownRevocationList, Microsoft.Extensions.Options.IOptions<Options.PeerListenerOptions> listenerOptions,
    Microsoft.Extensions.Options.IOptions<Options.PeerLimitsOptions> limitOptions, Microsoft.Extensions.Options.IOptions<Options.NodeOptions> nodeOptions,
    Transparency.ReceiptSigner receiptSigner, TimeProvider timeProvider, ILogger<PeerGrpcService> logger)
{
    public Task<HandshakeResponse> Handshake(HandshakeRequest request, ServerCallContext context)
    {
        var caller = Caller(context);
        var response = new HandshakeResponse
        {
            CallerJurisdiction = caller.Jurisdiction.Value,
            CalleeJurisdiction = node.Jurisdiction.Value,
            ServerTime = Timestamp.FromDateTimeOffset(timeProvider.GetUtcNow()),
            NodeSoftware = PeerClient.NodeSoftware,
        };
        // The newest version both speak: federation.v2 is federation.v1 with DeliverBatch, offered unless turned off;
        // federation.v3 is v2 whose envelopes may share one signature a call (this node verifies either form always).
        var maxPerCall = MaxPerCall(caller);
        response.ProtocolVersions.Add(PeerClient.ProtocolVersion);
        if (maxPerCall > 0)
        {
            response.ProtocolVersions.Add(PeerClient.BatchProtocolVersion);
            response.ProtocolVersions.Add(PeerClient.BatchSealProtocolVersion);
        }

        var batchVersion = request.ProtocolVersions.Contains(PeerClient.BatchSealProtocolVersion) ? PeerClient.BatchSealProtocolVersion
            : request.ProtocolVersions.Contains(PeerClient.BatchProtocolVersion) ? PeerClient.BatchProtocolVersion
            : null;
        if (maxPerCall > 0 && batchVersion is not null)
        {
            response.SelectedProtocolVersion = batchVersion;
            response.MaxEnvelopesPerCall = maxPerCall;
            response.MaxMessageBytes = nodeOptions.Value.MaxMessageBytes;
        }
        else
        {
            response.SelectedProtocolVersion = request.ProtocolVersions.Contains(PeerClient.ProtocolVersion) ? PeerClient.ProtocolVersion : string.Empty;
        }

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

        return Ack(await inbox.AcceptAsync(verified, caller.Jurisdiction.Value, context.CancellationToken));
    }

    /// <summary>
    /// Several envelopes, each handled as <see cref="Deliver"/> handles one: verified (a bad one audited and refused in
    /// its place), then all handed to the inbox together, so that they share its group commit, and answered each with
    /// its own ack or refusal. What concerns the whole call (its version, its size) refuses the whole call.
    /// </summary>
    public async Task<DeliverBatchResponse> DeliverBatch(DeliverBatchRequest request, ServerCallContext context)
    {
        var caller = Caller(context);
        var maxPerCall = MaxPerCall(caller);
        if (maxPerCall == 0)
        {
            // Turned off: answered as a node from before batches answers, so that the sender falls back by itself.
            throw new RpcException(new Status(StatusCode.Unimplemented, "This node takes one envelope a call (Deliver); it does not speak federation.v2."));
        }

        if (request.ProtocolVersion is not (PeerClient.BatchProtocolVersion or PeerClient.BatchSealProtocolVersion))
        {
            throw new FederationException(ErrorCode.ProtocolVersionUnsupported,
                $"DeliverBatch is {PeerClient.BatchProtocolVersion} or {PeerClient.BatchSealProtocolVersion}, not '{BoundedText.Of(request.ProtocolVersion, 40)}'.", "protocol_version");
        }

        var count = request.Envelopes.Count;
        var declared = context.GetHttpContext().Items.TryGetValue(PeerGateMiddleware.DeclaredBatchSizeItem, out var value) && value is int d ? d : 0;
        if (count == 0 || count > maxPerCall || count > declared)
        {
            // The gate counted the declared number against the caller's limits: carrying more would pass the limits unseen.
            throw new FederationException(ErrorCode.InvalidArgument,
                $"A DeliverBatch call carries from 1 to {maxPerCall} envelopes and no more than its {PeerClient.BatchSizeHeader} header declares ({declared}); this one carries {count}.", "envelopes");
        }

        var outcomes = new DeliveryOutcome[count];
        var accepting = new List<(int Index, Task<ReceiveResult> Result)>(count);
        for (var i = 0; i < count; i++)
        {
            var envelope = request.Envelopes[i];
            try
            {
                var verified = verifier.Verify(envelope, caller);
                accepting.Add((i, request.ReceiptHead
                    ? inbox.AcceptWithoutReceiptAsync(verified, caller.Jurisdiction.Value, context.CancellationToken)
                    : inbox.AcceptAsync(verified, caller.Jurisdiction.Value, context.CancellationToken)));
            }
            catch (FederationException ex)
            {
                await audit.AppendNowAsync(AuditEntry.Create(timeProvider, AuditKinds.EnvelopeRejected, $"peer:{caller.Jurisdiction}", null, "rejected",
                    $"code={ex.Code}; field={ex.Field}; reason={ex.Message}; bytes={envelope.CalculateSize()}; batch position={i}"), context.CancellationToken);
                outcomes[i] = Refusal(ex);
            }
        }

        var results = new ReceiveResult?[count];
        foreach (var (index, result) in accepting)
        {
            try
            {
                results[index] = await result;
                outcomes[index] = new DeliveryOutcome { Ack = Ack(results[index]!) };
            }
            catch (FederationException ex)
            {
                outcomes[index] = Refusal(ex);
            }
        }

        var response = new DeliverBatchResponse();
        if (request.ReceiptHead)
        {
            response.ReceiptHead = ReceiptHead(results, outcomes, caller);
        }

        response.Outcomes.AddRange(outcomes);
        return response;
    }

    /// <summary>
    /// One signed note over the receipts of the call's recorded envelopes, each acknowledgement carrying its leaf's
    /// index. Everything is committed by now: a head that cannot be signed leaves the call acknowledged without receipts.
    /// </summary>
    private string ReceiptHead(ReceiveResult?[] results, DeliveryOutcome[] outcomes, PeerIdentity caller)
    {
        try
        {
            var (head, indices) = receiptSigner.ForCall(results);
            for (var i = 0; i < indices.Length; i++)
            {
                if (indices[i] is { } index)
                {
                    outcomes[i].Ack.ReceiptIndex = index;
                }
            }

            return head;
        }
        catch (Exception ex)
        {
            // Whatever it was: the envelopes are committed, and the caller must have its answer (as InboxBatcher's receipts).
            LogReceiptHeadFailed(logger, ex, results.Count(r => r is not null), caller.Jurisdiction.Value);
            return string.Empty;
        }
    }

    /// <summary>
    /// The envelopes <paramref name="caller"/> may send in one call: this node's setting, but never more than the caller's
    /// burst of messages, so that one call it was told it may make is never one its own limit refuses.
    /// </summary>
    private int MaxPerCall(PeerIdentity caller) =>
        Math.Min(listenerOptions.Value.MaxEnvelopesPerCall, limitOptions.Value.For(caller.Jurisdiction.Value).Burst);

    private static DeliveryAck Ack(ReceiveResult result) => new()
    {
        MessageId = result.MessageId,
        Duplicate = result.Duplicate,
        ReceivedAt = Timestamp.FromDateTimeOffset(result.ReceivedAt),
        Receipt = result.Receipt,
    };

    /// <summary>The status <see cref="Deliver"/> would have ended with for this envelope, in its place in the batch's answer.</summary>
    private static DeliveryOutcome Refusal(FederationException ex)
    {
        var status = ErrorMapping.ToStatus(ex);
        return new DeliveryOutcome
        {
            Refusal = new DeliveryRefusal { Code = status.Code, Message = status.Message, Reason = ErrorMapping.Reason(ex.Code) },
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
        // federation.v2 only adds DeliverBatch, and v3 batch seals in it: an envelope, a pull or a call of v1 means the same under them.
        if (version.Length > 0 && version is not (PeerClient.ProtocolVersion or PeerClient.BatchProtocolVersion or PeerClient.BatchSealProtocolVersion))
        {
            throw new FederationException(ErrorCode.ProtocolVersionUnsupported,
                $"This node speaks {PeerClient.ProtocolVersion}, not '{(version.Length <= 40 ? version : version[..40] + "…")}'.", "protocol_version");
        }
    }

    private static PeerIdentity Caller(ServerCallContext context) =>
        context.GetHttpContext().Items[PeerGateMiddleware.IdentityItem] as PeerIdentity
        ?? throw new RpcException(new Status(StatusCode.Unauthenticated, "No verified peer identity on this call."));

    [LoggerMessage(EventId = 4004, Level = LogLevel.Error, Message = "The receipt head of a DeliverBatch call from {Sender} ({Count} envelopes recorded) could not be signed; they are acknowledged without receipts")]
    private static partial void LogReceiptHeadFailed(ILogger logger, Exception exception, int count, string sender);
}
