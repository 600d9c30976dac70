using Federation.Contracts.V1;
using Federation.Core;
using Federation.Core.Identity;
using Federation.Core.Transparency;
using Federation.Node.Grpc.Mapping;
using Federation.Node.Peers;
using Grpc.Core;

namespace Federation.Node.Grpc.Admin;

/// <summary>Forks found in partners' logs: list the evidence, clear a partner's once an operator has looked.</summary>
public sealed class ForkAdminService(ForkEvidence evidence, PeerDirectory directory) : ForkAdmin.ForkAdminBase
{
    private const string ForkList = "forks";

    public override async Task<ListForksResponse> ListForks(ListForksRequest request, ServerCallContext context)
    {
        var page = await evidence.ListAsync(PageTokens.Read(ForkList, null, request.PageSize, request.PageToken), context.CancellationToken);
        var response = new ListForksResponse { NextPageToken = PageTokens.Next(ForkList, null, page) };
        response.Forks.AddRange(page.Items.Select(ForkMapper.ToWire));
        return response;
    }

    public override async Task<ClearForkResponse> ClearFork(ClearForkRequest request, ServerCallContext context)
    {
        var partner = JurisdictionCode.Parse(request.Partner);
        if (!directory.Partners.Contains(partner))
        {
            throw new FederationException(ErrorCode.NotFound, $"{partner} is not a configured partner (no trust anchor is pinned for it).", "partner");
        }

        var cleared = await evidence.ClearAsync(partner, request.Reason, AdminCall.Actor(context), context.CancellationToken);
        return new ClearForkResponse { Forks = { cleared.Select(ForkMapper.ToWire) } };
    }
}
