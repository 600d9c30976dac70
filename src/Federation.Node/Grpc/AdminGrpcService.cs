using Federation.Contracts.V1;
using Federation.Core.Delivery;
using Federation.Core.Identity;
using IInbox = Federation.Core.Inbox.IInbox;
using Federation.Core.Cases;
using ExplainService = Federation.Core.Sharing.ExplainService;
using ShareService = Federation.Core.Sharing.ShareService;
using Federation.Core.Treaties;
using Federation.Node.Grpc.Mapping;
using Federation.Node.Interceptors;
using Federation.Node.Peers;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace Federation.Node.Grpc;

/// <summary>The operators' API: thin, each method maps, calls the domain, maps back.</summary>
public sealed class AdminGrpcService(
    CaseService cases,
    ShareService sharing,
    IOutbox outbox,
    IInbox inbox,
    ITreatyRegistry treaties,
    PeerDirectory directory,
    PeerClient peers,
    ExplainService explainer,
    TrustAnchors anchors,
    Federation.Core.Embargoes.EmbargoService embargoes,
    Federation.Core.Deadlines.DeadlineService deadlines,
    Federation.Node.Events.EventHub eventHub,
    Federation.Core.Treaties.TreatyService treatyService,
    Federation.Core.Treaties.ITreatyStore treatyStore,
    LocalNode node,
    TimeProvider timeProvider) : Admin.AdminBase
{
    private const int DefaultLimit = 100;
    private const int MaxLimit = 1000;

    public override async Task<NodeInfo> GetNodeInfo(GetNodeInfoRequest request, ServerCallContext context)
    {
        var info = new NodeInfo
        {
            Jurisdiction = node.Jurisdiction.Value,
            NodeSoftware = PeerClient.NodeSoftware,
            ProtocolVersions = { PeerClient.ProtocolVersion },
        };
        info.Treaties.AddRange(TreatyMapper.ToWire(treaties.All));
        info.Peers.AddRange(await PeerInfosAsync(context.CancellationToken));
        return info;
    }

    public override async Task<Contracts.V1.Case> CreateCase(CreateCaseRequest request, ServerCallContext context) =>
        CaseMapper.ToWire(await cases.CreateAsync(CaseMapper.ToDomain(request.Fields), Actor(context), context.CancellationToken));

    public override async Task<Contracts.V1.Case> UpdateCase(UpdateCaseRequest request, ServerCallContext context) =>
        CaseMapper.ToWire(await cases.UpdateAsync(request.FederationCaseId, CaseMapper.ToDomain(request.Fields), Actor(context), context.CancellationToken));

    public override async Task<Contracts.V1.Case> GetCase(GetCaseRequest request, ServerCallContext context) =>
        CaseMapper.ToWire(await cases.GetAsync(request.FederationCaseId, context.CancellationToken));

    public override async Task<ListCasesResponse> ListCases(ListCasesRequest request, ServerCallContext context)
    {
        var response = new ListCasesResponse();
        response.Cases.AddRange((await cases.ListAsync(Limit(request.Limit), context.CancellationToken)).Select(CaseMapper.ToListItem));
        return response;
    }

    public override async Task<Contracts.V1.Case> RecordConsent(RecordConsentRequest request, ServerCallContext context)
    {
        var actor = string.IsNullOrWhiteSpace(request.RecordedBy) ? Actor(context) : $"{Actor(context)} for {request.RecordedBy}";
        return CaseMapper.ToWire(await cases.RecordConsentAsync(request.FederationCaseId, request.Scopes, actor, context.CancellationToken));
    }

    public override async Task<ShareCaseResponse> ShareCase(ShareCaseRequest request, ServerCallContext context)
    {
        var outcomes = await sharing.ShareAsync(request.FederationCaseId, request.Partners, Actor(context), context.CancellationToken);
        var response = new ShareCaseResponse();
        foreach (var outcome in outcomes)
        {
            var evaluation = outcome.Evaluation;
            var decision = new ShareDecision
            {
                Partner = evaluation.Partner.Value,
                Shared = evaluation.Allowed,
                TreatyId = evaluation.Treaty?.Id ?? string.Empty,
                TreatyVersion = evaluation.Treaty?.Version ?? 0,
                MessageId = outcome.MessageId ?? string.Empty,
                Revision = evaluation.Summary?.Revision ?? 0,
            };
            decision.Fields.AddRange(evaluation.Summary?.Fields.Select(f => f.Key) ?? []);
            if (evaluation.Refusal is not null)
            {
                decision.Reasons.Add(evaluation.Refusal);
            }

            if (outcome.AlreadyShared)
            {
                decision.Reasons.Add($"revision {decision.Revision} was already shared with {decision.Partner}; nothing new was sent");
            }

            decision.Reasons.AddRange(evaluation.Decisions.Where(d => !d.Flows && d.Reason != evaluation.Refusal).Select(d => $"{d.Field}: {d.Reason}"));
            response.Decisions.Add(decision);
        }

        return response;
    }

    public override async Task<ListDeliveriesResponse> ListDeliveries(ListDeliveriesRequest request, ServerCallContext context)
    {
        var caseId = string.IsNullOrEmpty(request.FederationCaseId) ? null : FederationCaseId.Parse(request.FederationCaseId).ToString();
        var response = new ListDeliveriesResponse();
        foreach (var m in await outbox.ListAsync(caseId, Limit(request.Limit), context.CancellationToken))
        {
            response.Deliveries.Add(new Delivery
            {
                MessageId = m.Id,
                Recipient = m.Recipient,
                FederationCaseId = m.CaseId ?? string.Empty,
                Revision = m.Revision,
                State = m.State.ToString().ToLowerInvariant(),
                Attempts = m.Attempts,
                LastError = m.LastError ?? string.Empty,
                CreatedAt = Timestamp.FromDateTimeOffset(m.CreatedAt),
                DeliveredAt = m.DeliveredAt is { } at ? Timestamp.FromDateTimeOffset(at) : null,
                NextAttemptAt = m.State == DeliveryState.Pending ? Timestamp.FromDateTimeOffset(m.NextAttemptAt) : null,
            });
        }

        return response;
    }

    public override async Task<ListReceivedSummariesResponse> ListReceivedSummaries(ListReceivedSummariesRequest request, ServerCallContext context)
    {
        var origin = string.IsNullOrEmpty(request.Origin) ? null : JurisdictionCode.Parse(request.Origin).Value;
        var response = new ListReceivedSummariesResponse();
        foreach (var s in await inbox.ListSummariesAsync(origin, Limit(request.Limit), context.CancellationToken))
        {
            var summary = new CaseSummary { FederationCaseId = s.CaseId, Revision = s.Revision, Tlp = s.Tlp.ToLabel() };
            summary.Fields.AddRange(s.Fields.Select(f => new SummaryFieldValue { Name = f.Name, Value = f.Value }));
            response.Summaries.Add(new ReceivedSummary
            {
                Origin = s.Origin,
                Summary = summary,
                TreatyId = s.TreatyId,
                TreatyVersion = s.TreatyVersion,
                MessageId = s.MessageId,
                ReceivedAt = Timestamp.FromDateTimeOffset(s.ReceivedAt),
            });
        }

        return response;
    }

    public override Task<CaseStatusResponse> QueryPartnerCaseStatus(QueryPartnerCaseStatusRequest request, ServerCallContext context) =>
        CallPartnerAsync(() => peers.GetCaseStatusAsync(JurisdictionCode.Parse(request.Partner), FederationCaseId.Parse(request.FederationCaseId).ToString(), context.CancellationToken));

    public override Task<HandshakeResponse> HandshakePeer(HandshakePeerRequest request, ServerCallContext context) =>
        CallPartnerAsync(() => peers.HandshakeAsync(JurisdictionCode.Parse(request.Partner), context.CancellationToken));

    public override async Task<PeerInfo> SetPeerEndpoint(SetPeerEndpointRequest request, ServerCallContext context)
    {
        var partner = JurisdictionCode.Parse(request.Partner);
        await directory.SetEndpointAsync(partner, request.Endpoint, context.CancellationToken);
        return (await PeerInfosAsync(context.CancellationToken)).First(p => p.Jurisdiction == partner.Value);
    }

    public override async Task<ListPeersResponse> ListPeers(ListPeersRequest request, ServerCallContext context)
    {
        var response = new ListPeersResponse();
        response.Peers.AddRange(await PeerInfosAsync(context.CancellationToken));
        return response;
    }

    public override async Task<ShareExplanation> ExplainShare(ExplainShareRequest request, ServerCallContext context)
    {
        var (@case, evaluation) = await explainer.ExplainAsync(request.FederationCaseId, request.Partner, context.CancellationToken);
        var explanation = new ShareExplanation
        {
            FederationCaseId = @case.Id,
            Partner = evaluation.Partner.Value,
            WouldShare = evaluation.Allowed,
            Refusal = evaluation.Refusal ?? string.Empty,
            GoverningTreatyId = evaluation.Treaty?.Id ?? string.Empty,
            GoverningTreatyVersion = evaluation.Treaty?.Version ?? 0,
            Revision = @case.Revision,
        };
        explanation.TreatiesConsidered.AddRange(evaluation.TreatiesConsidered.Select(t => new TreatyRef { TreatyId = t.Id, Version = t.Version }));
        explanation.Fields.AddRange(evaluation.Decisions.Select(d => new FieldExplanation { Name = d.Field, Flows = d.Flows, Reason = d.Reason }));
        return explanation;
    }

    public override async Task<ListTreatiesResponse> ListTreaties(ListTreatiesRequest request, ServerCallContext context)
    {
        var response = new ListTreatiesResponse();
        response.Treaties.AddRange(await TreatyInfosAsync(null, context.CancellationToken));
        return response;
    }

    public override async Task<TreatyInfo> InstallTreaty(InstallTreatyRequest request, ServerCallContext context)
    {
        var name = string.IsNullOrWhiteSpace(request.FileName) ? "treaty.yaml" : Path.GetFileName(request.FileName);
        var treaty = await treatyService.InstallAsync(request.Yaml, $"operator:{name}", Actor(context), context.CancellationToken);
        return (await TreatyInfosAsync(treaty.Id, context.CancellationToken)).First(t => t.Version == treaty.Version);
    }

    public override async Task<TreatyHistoryResponse> TreatyHistory(TreatyHistoryRequest request, ServerCallContext context)
    {
        var versions = await TreatyInfosAsync(request.TreatyId, context.CancellationToken);
        if (versions.Count == 0)
        {
            throw new RpcException(new Status(StatusCode.NotFound, $"No treaty '{request.TreatyId}' is installed on this node."));
        }

        var response = new TreatyHistoryResponse();
        response.Versions.AddRange(versions);
        return response;
    }

    public override Task<DiffTreatyResponse> DiffTreaty(DiffTreatyRequest request, ServerCallContext context)
    {
        var from = treaties.Find(request.TreatyId, request.FromVersion)
                   ?? throw new RpcException(new Status(StatusCode.NotFound, $"Treaty {request.TreatyId} v{request.FromVersion} is not installed on this node."));
        var to = treaties.Find(request.TreatyId, request.ToVersion)
                 ?? throw new RpcException(new Status(StatusCode.NotFound, $"Treaty {request.TreatyId} v{request.ToVersion} is not installed on this node."));
        var response = new DiffTreatyResponse();
        response.Changes.AddRange(Federation.Core.Treaties.TreatyService.Diff(from, to));
        return Task.FromResult(response);
    }

    public override async Task<Contracts.V1.Case> AssessCase(AssessCaseRequest request, ServerCallContext context)
    {
        var actor = string.IsNullOrWhiteSpace(request.AssessedBy) ? Actor(context) : $"{Actor(context)} for {request.AssessedBy.Trim()}";
        var (assessed, _) = await cases.AssessAsync(request.FederationCaseId, request.Cvss, request.Ssvc, actor, context.CancellationToken);
        return CaseMapper.ToWire(assessed);
    }

    public override async Task<ListAssessmentsResponse> ListAssessments(ListAssessmentsRequest request, ServerCallContext context)
    {
        var response = new ListAssessmentsResponse();
        response.Assessments.AddRange((await cases.ListAssessmentsAsync(request.FederationCaseId, context.CancellationToken)).Select(RiskMapper.ToWire));
        return response;
    }

    public override async Task<ListCaseLinksResponse> ListCaseLinks(ListCaseLinksRequest request, ServerCallContext context)
    {
        var caseId = string.IsNullOrWhiteSpace(request.FederationCaseId) ? null : request.FederationCaseId;
        var response = new ListCaseLinksResponse();
        response.Links.AddRange((await cases.ListLinksAsync(caseId, Limit(request.Limit), context.CancellationToken)).Select(RiskMapper.ToWire));
        return response;
    }

    public override Task<ListTaxonomyResponse> ListTaxonomy(ListTaxonomyRequest request, ServerCallContext context) =>
        Task.FromResult(RiskMapper.ToWire(Federation.Core.Taxonomy.TaxonomyCatalogue.Default, request.Language));

    public override async Task<EmbargoView> SignalEmbargo(SignalEmbargoRequest request, ServerCallContext context)
    {
        var date = request.Date?.ToDateTimeOffset();
        if (!string.IsNullOrEmpty(request.Preset))
        {
            if (!Federation.Core.Deadlines.TimelinePresets.EmbargoLengths.TryGetValue(request.Preset, out var days))
            {
                throw new Federation.Core.FederationException(Federation.Core.ErrorCode.InvalidArgument,
                    $"'{request.Preset}' is not an embargo preset: use {string.Join(", ", Federation.Core.Deadlines.TimelinePresets.EmbargoLengths.Select(p => $"{p.Key} ({p.Value} days)"))}.", "preset");
            }

            var (current, _) = await embargoes.ViewAsync(request.FederationCaseId, context.CancellationToken);
            date = current.FirstReportedAt.AddDays(days);
        }

        var (embargoContext, view) = await embargoes.SignalAsync(request.FederationCaseId, Federation.Core.Embargoes.EmbargoSignalKinds.Parse(request.Kind),
            date, string.IsNullOrEmpty(request.RefersTo) ? null : request.RefersTo,
            string.IsNullOrEmpty(request.Reason) ? null : request.Reason, Actor(context), context.CancellationToken);
        return EmbargoMapper.ToWire(embargoContext, view);
    }

    public override async Task<EmbargoView> GetEmbargo(GetEmbargoRequest request, ServerCallContext context)
    {
        var (embargoContext, view) = await embargoes.ViewAsync(request.FederationCaseId, context.CancellationToken);
        return EmbargoMapper.ToWire(embargoContext, view);
    }

    public override async Task<ListDeadlinesResponse> ListDeadlines(ListDeadlinesRequest request, ServerCallContext context)
    {
        var response = new ListDeadlinesResponse();
        response.Deadlines.AddRange((await deadlines.ListAsync(request.FederationCaseId, context.CancellationToken))
            .Select(d => EmbargoMapper.ToWire(Federation.Core.Identity.FederationCaseId.Parse(request.FederationCaseId).ToString(), d)));
        return response;
    }

    public override async Task<ListDeadlinesResponse> ListOverdue(ListOverdueRequest request, ServerCallContext context)
    {
        var response = new ListDeadlinesResponse();
        response.Deadlines.AddRange((await deadlines.OverdueAsync(Limit(request.Limit), context.CancellationToken)).Select(o => EmbargoMapper.ToWire(o.CaseId, o.Deadline)));
        return response;
    }

    public override async Task<ListDeadlinesResponse> RecordReport(RecordReportRequest request, ServerCallContext context)
    {
        await deadlines.RecordReportAsync(request.FederationCaseId, request.Name, Actor(context), context.CancellationToken);
        return await ListDeadlines(new ListDeadlinesRequest { FederationCaseId = request.FederationCaseId }, context);
    }

    public override async Task WatchEvents(WatchEventsRequest request, IServerStreamWriter<Event> responseStream, ServerCallContext context)
    {
        await foreach (var e in eventHub.FollowAsync(context.CancellationToken))
        {
            if (request.Kinds.Count > 0 && !request.Kinds.Any(k => e.Kind.StartsWith(k, StringComparison.Ordinal)))
            {
                continue;
            }

            await responseStream.WriteAsync(new Event { Kind = e.Kind, FederationCaseId = e.CaseId ?? string.Empty, At = Timestamp.FromDateTimeOffset(e.At), Detail = e.Detail },
                context.CancellationToken);
        }
    }

    private async Task<List<TreatyInfo>> TreatyInfosAsync(string? treatyId, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var signatures = await treatyStore.ListSignaturesAsync(cancellationToken);
        var records = (await treatyStore.ListVersionsAsync(cancellationToken)).ToDictionary(v => (v.TreatyId, v.Version));
        return treaties.All
            .Where(t => treatyId is null || t.Id == treatyId)
            .Select(t => TreatyMapper.ToInfo(t, treaties, signatures, records.GetValueOrDefault((t.Id, t.Version)), now))
            .ToList();
    }

    public override Task<ValidateTreatyResponse> ValidateTreaty(ValidateTreatyRequest request, ServerCallContext context)
    {
        var name = string.IsNullOrWhiteSpace(request.FileName) ? "treaty.yaml" : Path.GetFileName(request.FileName);
        var response = new ValidateTreatyResponse();
        Federation.Core.Treaties.Treaty treaty;
        try
        {
            treaty = TreatyParser.Parse(request.Yaml, name);
        }
        catch (Federation.Core.FederationException ex)
        {
            response.Problems.Add(ex.Message);
            return Task.FromResult(response);
        }

        if (!treaty.IsParty(node.Jurisdiction))
        {
            response.Problems.Add($"Treaty {name}: this node's jurisdiction {node.Jurisdiction} is not among its parties.");
        }

        foreach (var party in treaty.Parties.Where(p => p != node.Jurisdiction && !directory.Partners.Contains(p)))
        {
            response.Problems.Add($"Treaty {name}: no trust anchor is pinned for party {party} (Federation:Partners:{party}:TrustAnchor).");
        }

        if (treaty.AnchorMismatch(anchors) is { } mismatch)
        {
            response.Problems.Add($"Treaty {name}: {mismatch}.");
        }

        var same = treaties.Find(treaty.Id, treaty.Version);
        if (same is not null && same.ContentHash != treaty.ContentHash)
        {
            response.Problems.Add($"Treaty {name}: {treaty} is already loaded with different content; an amendment needs a new version number.");
        }

        response.Valid = response.Problems.Count == 0;
        response.Treaty = TreatyMapper.ToInfo(treaty, inForce: false);
        return Task.FromResult(response);
    }

    private async Task<List<PeerInfo>> PeerInfosAsync(CancellationToken cancellationToken)
    {
        var list = new List<PeerInfo>();
        foreach (var partner in directory.Partners)
        {
            list.Add(new PeerInfo
            {
                Jurisdiction = partner.Value,
                Endpoint = directory.EndpointOf(partner) ?? string.Empty,
                AnchorThumbprint = directory.AnchorThumbprint(partner),
                PendingDeliveries = await outbox.PendingCountAsync(partner.Value, cancellationToken),
            });
        }

        return list;
    }

    /// <summary>A partner's refusal is relayed to the operator as it came, prefixed with who said it.</summary>
    private static async Task<T> CallPartnerAsync<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (RpcException ex) when (ex.StatusCode != StatusCode.Cancelled)
        {
            throw new RpcException(new Status(ex.StatusCode, $"The partner answered {ex.StatusCode}: {ex.Status.Detail}"));
        }
    }

    private static string Actor(ServerCallContext context) =>
        context.UserState.TryGetValue(AdminAuthInterceptor.ActorKey, out var actor) ? (string)actor : "operator";

    private static int Limit(int requested) => requested <= 0 ? DefaultLimit : Math.Min(requested, MaxLimit);
}
