using Federation.Contracts.V1;
using Federation.Testing;
using Grpc.Core;

namespace Federation.Node.Tests;

/// <summary>A share across three real nodes: FR files a case and shares it with DE and JP.</summary>
public sealed class ShareFlowTests
{
    private const string SecretDescription = "Send the token sequence <<OVERRIDE>> to bypass the triage guardrail";
    private const string SecretContact = "reporter@example.org";

    [Fact]
    public async Task Share_TwoPartners_OnlyAllowedFieldsArriveAndStatusIsQueryable()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var federation = await TestFederation.StartAsync(["FR", "DE", "JP"], cancellationToken: ct);
        var fr = federation["FR"].AdminClient();

        var created = await fr.Cases.CreateCaseAsync(new CreateCaseRequest
        {
            Fields = new CaseFields
            {
                Title = "Guardrail bypass in a hospital triage assistant",
                Synopsis = "A prompt sequence defeats the triage assistant's safety policy.",
                TechnicalDescription = SecretDescription,
                ReporterName = "A. Researcher",
                ReporterContact = SecretContact,
                Vendor = "Acme Health AI",
                Product = "TriageBot",
                ModelVersion = "2.3",
                Sector = "health",
                TaxonomyClass = "AML.T0054",
                Tlp = TlpLabel.Amber,
            },
        }, cancellationToken: ct);
        await fr.Cases.RecordConsentAsync(new RecordConsentRequest { FederationCaseId = created.FederationCaseId, Scopes = { "share-summary", "share-vendor" } }, cancellationToken: ct);

        var shared = await fr.Cases.ShareCaseAsync(new ShareCaseRequest { FederationCaseId = created.FederationCaseId }, cancellationToken: ct);

        Assert.Equal(["DE", "JP"], shared.Decisions.Select(d => d.Partner).Order());
        Assert.All(shared.Decisions, d => Assert.True(d.Shared, string.Join("; ", d.Reasons)));
        Assert.Contains(shared.Decisions[0].Reasons, r => r.StartsWith("reporter_name: needs consent 'share-reporter'", StringComparison.Ordinal));

        foreach (var partner in new[] { "DE", "JP" })
        {
            var admin = federation[partner].AdminClient();
            var received = await Eventually.UntilAsync(
                async () => await admin.Deliveries.ListReceivedSummariesAsync(new ListReceivedSummariesRequest(), cancellationToken: ct),
                r => r.Summaries.Count > 0, $"{partner} to receive the summary");
            var summary = Assert.Single(received.Summaries);
            Assert.Equal("FR", summary.Origin);
            Assert.Equal(created.FederationCaseId, summary.Summary.FederationCaseId);
            Assert.Equal(2, summary.Summary.Revision);
            var names = summary.Summary.Fields().Select(f => f.Name).ToHashSet();
            Assert.Equal(["model_version", "product", "reported_at", "sector", "status", "synopsis", "taxonomy_class", "title", "vendor"], names.Order());
            Assert.DoesNotContain(summary.Summary.Fields(), f => f.Value.Contains(SecretDescription, StringComparison.Ordinal) || f.Value.Contains(SecretContact, StringComparison.Ordinal));
            Assert.Equal("Acme Health AI", summary.Summary.Fields().Single(f => f.Name == "vendor").Value);

            var status = await admin.Peers.QueryPartnerCaseStatusAsync(new QueryPartnerCaseStatusRequest { Partner = "FR", FederationCaseId = created.FederationCaseId }, cancellationToken: ct);
            Assert.Equal(created.FederationCaseId, status.Summary.FederationCaseId);
            Assert.Equal("test-treaty", status.TreatyId);
            Assert.Equal(names.Order(), status.Summary.Fields().Select(f => f.Name).Order());
        }

        var deliveries = await fr.Deliveries.ListDeliveriesAsync(new ListDeliveriesRequest { FederationCaseId = created.FederationCaseId }, cancellationToken: ct);
        var delivered = await Eventually.UntilAsync(
            async () => await fr.Deliveries.ListDeliveriesAsync(new ListDeliveriesRequest { FederationCaseId = created.FederationCaseId }, cancellationToken: ct),
            d => d.Deliveries.All(x => x.State == DeliveryState.Delivered), "FR to see both deliveries acknowledged");
        Assert.Equal(2, delivered.Deliveries.Count);
    }

    [Fact]
    public async Task Share_SameRevisionTwice_SendsNothingNew()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var federation = await TestFederation.StartAsync(["FR", "DE"], cancellationToken: ct);
        var fr = federation["FR"].AdminClient();
        var created = await fr.Cases.CreateCaseAsync(new CreateCaseRequest { Fields = new CaseFields { Title = "t", Tlp = TlpLabel.Green } }, cancellationToken: ct);
        await fr.Cases.RecordConsentAsync(new RecordConsentRequest { FederationCaseId = created.FederationCaseId, Scopes = { "share-summary" } }, cancellationToken: ct);

        var first = await fr.Cases.ShareCaseAsync(new ShareCaseRequest { FederationCaseId = created.FederationCaseId, Partners = { "DE" } }, cancellationToken: ct);
        var second = await fr.Cases.ShareCaseAsync(new ShareCaseRequest { FederationCaseId = created.FederationCaseId, Partners = { "DE" } }, cancellationToken: ct);

        Assert.Equal(first.Decisions[0].MessageId, second.Decisions[0].MessageId);
        Assert.Contains(second.Decisions[0].Reasons, r => r.Contains("already shared", StringComparison.Ordinal));
        var deliveries = await fr.Deliveries.ListDeliveriesAsync(new ListDeliveriesRequest { FederationCaseId = created.FederationCaseId }, cancellationToken: ct);
        Assert.Single(deliveries.Deliveries);
    }

    [Fact]
    public async Task Share_RedCaseOrNoConsent_RefusedWithReasonAndNothingQueued()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var federation = await TestFederation.StartAsync(["FR", "DE"], cancellationToken: ct);
        var fr = federation["FR"].AdminClient();
        var red = await fr.Cases.CreateCaseAsync(new CreateCaseRequest { Fields = new CaseFields { Title = "red" } }, cancellationToken: ct);
        await fr.Cases.RecordConsentAsync(new RecordConsentRequest { FederationCaseId = red.FederationCaseId, Scopes = { "share-summary" } }, cancellationToken: ct);
        var noConsent = await fr.Cases.CreateCaseAsync(new CreateCaseRequest { Fields = new CaseFields { Title = "amber", Tlp = TlpLabel.Amber } }, cancellationToken: ct);

        var redShare = await fr.Cases.ShareCaseAsync(new ShareCaseRequest { FederationCaseId = red.FederationCaseId, Partners = { "DE" } }, cancellationToken: ct);
        var noConsentShare = await fr.Cases.ShareCaseAsync(new ShareCaseRequest { FederationCaseId = noConsent.FederationCaseId, Partners = { "DE" } }, cancellationToken: ct);

        Assert.False(redShare.Decisions[0].Shared);
        Assert.Contains("TLP:RED", redShare.Decisions[0].Reasons[0], StringComparison.Ordinal);
        Assert.False(noConsentShare.Decisions[0].Shared);
        Assert.Contains("share-summary", noConsentShare.Decisions[0].Reasons[0], StringComparison.Ordinal);
        foreach (var id in new[] { red.FederationCaseId, noConsent.FederationCaseId })
        {
            var deliveries = await fr.Deliveries.ListDeliveriesAsync(new ListDeliveriesRequest { FederationCaseId = id }, cancellationToken: ct);
            Assert.Empty(deliveries.Deliveries);
        }
    }

    [Fact]
    public async Task Status_NotSharedOrUnknownCase_SameNotFound()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var federation = await TestFederation.StartAsync(["FR", "DE"], cancellationToken: ct);
        var fr = federation["FR"].AdminClient();
        var de = federation["DE"].AdminClient();
        var unshared = await fr.Cases.CreateCaseAsync(new CreateCaseRequest { Fields = new CaseFields { Title = "not shared", Tlp = TlpLabel.Green } }, cancellationToken: ct);
        var unknownId = "FR-" + unshared.FederationCaseId[3..^4] + "ZZZZ";

        var notShared = await Assert.ThrowsAsync<RpcException>(async () =>
            await de.Peers.QueryPartnerCaseStatusAsync(new QueryPartnerCaseStatusRequest { Partner = "FR", FederationCaseId = unshared.FederationCaseId }, cancellationToken: ct));
        var unknown = await Assert.ThrowsAsync<RpcException>(async () =>
            await de.Peers.QueryPartnerCaseStatusAsync(new QueryPartnerCaseStatusRequest { Partner = "FR", FederationCaseId = unknownId }, cancellationToken: ct));

        Assert.Equal(StatusCode.NotFound, notShared.StatusCode);
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
        // Same words apart from the id: the answer does not tell whether the case exists.
        Assert.Equal(notShared.Status.Detail.Replace(unshared.FederationCaseId, "ID", StringComparison.Ordinal),
            unknown.Status.Detail.Replace(unknownId, "ID", StringComparison.Ordinal));
    }
}
