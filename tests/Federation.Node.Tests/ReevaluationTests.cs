using Federation.Contracts.V1;
using Federation.Testing;
using Grpc.Core;

namespace Federation.Node.Tests;

/// <summary>What partners hold never exceeds what is allowed now: changes reach them as new revisions or withdrawals.</summary>
public sealed class ReevaluationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ConsentWithdrawn_PartnerDeletesWhatItHeldAndStatusIsNotFound()
    {
        await using var federation = await TestFederation.StartAsync(["FR", "DE"], cancellationToken: Ct);
        var (fr, de, caseId) = await SharedCaseAsync(federation);

        await fr.Cases.RecordConsentAsync(new RecordConsentRequest { FederationCaseId = caseId, WithdrawAll = true }, cancellationToken: Ct);

        await Eventually.UntilAsync(async () => await de.Deliveries.ListReceivedSummariesAsync(new ListReceivedSummariesRequest(), cancellationToken: Ct),
            r => r.Summaries.Count == 0, "DE to delete the withdrawn summary");
        var status = await Assert.ThrowsAsync<RpcException>(async () =>
            await de.Peers.QueryPartnerCaseStatusAsync(new QueryPartnerCaseStatusRequest { Partner = "FR", FederationCaseId = caseId }, cancellationToken: Ct));
        Assert.Equal(StatusCode.NotFound, status.StatusCode);
        var deliveries = await Eventually.UntilAsync(async () => await fr.Deliveries.ListDeliveriesAsync(new ListDeliveriesRequest { FederationCaseId = caseId }, cancellationToken: Ct),
            d => d.Deliveries.Count == 2 && d.Deliveries.All(x => x.State == DeliveryState.Delivered), "FR to deliver the summary and its withdrawal");
        Assert.Equal(2, deliveries.Deliveries.Count);
    }

    [Fact]
    public async Task ConsentNarrowed_PartnerReceivesNarrowerRevision()
    {
        await using var federation = await TestFederation.StartAsync(["FR", "DE"], cancellationToken: Ct);
        var (fr, de, caseId) = await SharedCaseAsync(federation);

        var narrowed = await fr.Cases.RecordConsentAsync(new RecordConsentRequest { FederationCaseId = caseId, Scopes = { "share-summary" } }, cancellationToken: Ct);

        var held = await Eventually.UntilAsync(async () => await de.Deliveries.ListReceivedSummariesAsync(new ListReceivedSummariesRequest(), cancellationToken: Ct),
            r => r.Summaries.Count == 1 && r.Summaries[0].Summary.Revision == narrowed.Revision, "DE to hold the narrowed revision");
        Assert.DoesNotContain(held.Summaries[0].Summary.Fields(), f => f.Name is "vendor" or "product");
        Assert.Contains(held.Summaries[0].Summary.Fields(), f => f.Name == "title");
    }

    [Fact]
    public async Task CaseTurnsRed_Withdrawn()
    {
        await using var federation = await TestFederation.StartAsync(["FR", "DE"], cancellationToken: Ct);
        var (fr, de, caseId) = await SharedCaseAsync(federation);

        await fr.Cases.UpdateCaseAsync(new UpdateCaseRequest { FederationCaseId = caseId, Fields = new CaseFields { Tlp = TlpLabel.Red } }, cancellationToken: Ct);

        await Eventually.UntilAsync(async () => await de.Deliveries.ListReceivedSummariesAsync(new ListReceivedSummariesRequest(), cancellationToken: Ct),
            r => r.Summaries.Count == 0, "DE to delete the summary of a case turned RED");
    }

    [Fact]
    public async Task TitleChanged_PartnerReceivesNewRevision()
    {
        await using var federation = await TestFederation.StartAsync(["FR", "DE"], cancellationToken: Ct);
        var (fr, de, caseId) = await SharedCaseAsync(federation);

        var updated = await fr.Cases.UpdateCaseAsync(new UpdateCaseRequest { FederationCaseId = caseId, Fields = new CaseFields { Title = "Renamed" } }, cancellationToken: Ct);

        var held = await Eventually.UntilAsync(async () => await de.Deliveries.ListReceivedSummariesAsync(new ListReceivedSummariesRequest(), cancellationToken: Ct),
            r => r.Summaries.Count == 1 && r.Summaries[0].Summary.Revision == updated.Revision, "DE to hold the new revision");
        Assert.Equal("Renamed", held.Summaries[0].Summary.Fields().Single(f => f.Name == "title").Value);
    }

    private static async Task<(AdminClients Fr, AdminClients De, string CaseId)> SharedCaseAsync(TestFederation federation)
    {
        var fr = federation["FR"].AdminClient();
        var de = federation["DE"].AdminClient();
        var created = await fr.Cases.CreateCaseAsync(new CreateCaseRequest
        {
            Fields = new CaseFields { Title = "Model weights backdoor", Vendor = "Acme", Product = "Vision", Tlp = TlpLabel.Amber, Sector = "transport" },
        }, cancellationToken: Ct);
        await fr.Cases.RecordConsentAsync(new RecordConsentRequest { FederationCaseId = created.FederationCaseId, Scopes = { "share-summary", "share-vendor" } }, cancellationToken: Ct);
        await fr.Cases.ShareCaseAsync(new ShareCaseRequest { FederationCaseId = created.FederationCaseId, Partners = { "DE" } }, cancellationToken: Ct);
        await Eventually.UntilAsync(async () => await de.Deliveries.ListReceivedSummariesAsync(new ListReceivedSummariesRequest(), cancellationToken: Ct),
            r => r.Summaries.Count == 1, "DE to receive the first summary");
        return (fr, de, created.FederationCaseId);
    }
}
