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

    /// <summary>
    /// A fork carries two partner notes of up to <see cref="LogWitness.MaxPartnerNoteLength"/> characters, two
    /// certificates of up to <see cref="SignerCertificate.MaxBytes"/> bytes and a proof of up to
    /// <see cref="FailedConsistencyProof.MaxHashes"/> hashes (about 30 KB at most): pages are kept well under the 1 MiB a
    /// message may have.
    /// </summary>
    public const int MaxForksPerPage = 25;

    public override async Task<ListForksResponse> ListForks(ListForksRequest request, ServerCallContext context)
    {
        // Read as every list reads its page size (a negative one is INVALID_ARGUMENT), then capped: 0 asks for the most.
        var asked = PageTokens.Read(ForkList, null, request.PageSize, request.PageToken);
        var page = await evidence.ListAsync(asked with { Size = Math.Min(asked.Size, MaxForksPerPage) }, context.CancellationToken);
        var response = new ListForksResponse { NextPageToken = PageTokens.Next(ForkList, null, page) };
        response.Forks.AddRange(page.Items.Select(ForkMapper.ToWire));
        return response;
    }

    public override async Task<ClearForkResponse> ClearFork(ClearForkRequest request, ServerCallContext context)
    {
        var partner = JurisdictionCode.Parse(request.Partner);
        // A partner removed from the configuration since: its open fork can still be cleared (health reports it until then).
        if (!directory.Partners.Contains(partner) && !await evidence.IsOpenAsync(partner, context.CancellationToken))
        {
            throw new FederationException(ErrorCode.NotFound, $"{partner} is not a configured partner (no trust anchor is pinned for it).", "partner");
        }

        var cleared = await evidence.ClearAsync(partner, request.Reason, AdminCall.Actor(context), context.CancellationToken);
        return new ClearForkResponse { Forks = { cleared.Select(ForkMapper.ToWire) } };
    }
}
