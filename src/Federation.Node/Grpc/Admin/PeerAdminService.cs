using Federation.Contracts.V1;
using Federation.Core;
using Federation.Core.Identity;
using Federation.Node.Grpc.Mapping;
using Federation.Node.Peers;
using Grpc.Core;

namespace Federation.Node.Grpc.Admin;

/// <summary>Partners: endpoints, suspensions, handshakes and status queries to them.</summary>
public sealed class PeerAdminService(PeerRoster roster, PeerClient peers, LocalNode node, CatchUp.CatchUpSignal catchUp) : PeerAdmin.PeerAdminBase
{
    private const string PeerList = "peers";

    public override Task<CaseStatusResponse> QueryPartnerCaseStatus(QueryPartnerCaseStatusRequest request, ServerCallContext context)
    {
        var caseId = FederationCaseId.Parse(request.FederationCaseId);
        var partner = string.IsNullOrWhiteSpace(request.Partner) ? caseId.Origin : JurisdictionCode.Parse(request.Partner);
        if (partner == node.Jurisdiction)
        {
            // Asking ourselves over the peer port would be refused by our own gate; say what to do instead.
            throw new FederationException(ErrorCode.FailedPrecondition,
                $"{caseId} is a case of this node ({node.Jurisdiction}): its status is the case itself (GetCase; fedctl case show {caseId}).", "partner");
        }

        return CallPartnerAsync(partner, () => peers.GetCaseStatusAsync(partner, caseId.ToString(), context.CancellationToken));
    }

    public override async Task<HandshakeResponse> HandshakePeer(HandshakePeerRequest request, ServerCallContext context)
    {
        var partner = JurisdictionCode.Parse(request.Partner);
        var response = await CallPartnerAsync(partner, () => peers.HandshakeAsync(partner, context.CancellationToken));
        // It answers: pull what it addressed to us while we could not hear it.
        catchUp.Request(partner);
        return response;
    }

    public override async Task<PeerInfo> SetPeerEndpoint(SetPeerEndpointRequest request, ServerCallContext context) =>
        PeerMapper.ToWire(await roster.SetEndpointAsync(JurisdictionCode.Parse(request.Partner), request.Endpoint, context.CancellationToken));

    public override async Task<PeerInfo> SuspendPeer(SuspendPeerRequest request, ServerCallContext context) =>
        PeerMapper.ToWire(await roster.SuspendAsync(JurisdictionCode.Parse(request.Partner), request.Reason, AdminCall.Actor(context), context.CancellationToken));

    public override async Task<PeerInfo> ResumePeer(ResumePeerRequest request, ServerCallContext context)
    {
        var partner = JurisdictionCode.Parse(request.Partner);
        var standing = await roster.ResumeAsync(partner, AdminCall.Actor(context), context.CancellationToken);
        // What the partner addressed to us while suspended waits in its log: pulled now.
        catchUp.Request(partner);
        return PeerMapper.ToWire(standing);
    }

    public override async Task<ListPeersResponse> ListPeers(ListPeersRequest request, ServerCallContext context)
    {
        var page = PageTokens.Read(PeerList, null, request.PageSize, request.PageToken).Slice(await roster.ListAsync(context.CancellationToken));
        var response = new ListPeersResponse { NextPageToken = PageTokens.Next(PeerList, null, page) };
        response.Peers.AddRange(page.Items.Select(PeerMapper.ToWire));
        return response;
    }

    /// <summary>A partner's refusal is relayed to the operator as it came, prefixed with who said it.</summary>
    private static async Task<T> CallPartnerAsync<T>(JurisdictionCode partner, Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (RpcException ex) when (ex.StatusCode != StatusCode.Cancelled)
        {
            throw new RpcException(new Status(ex.StatusCode, $"{partner} answered {ex.StatusCode}: {ex.Status.Detail}"));
        }
    }
}
