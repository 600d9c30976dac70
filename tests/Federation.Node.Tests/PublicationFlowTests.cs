using System.Text.Json.Nodes;
using Federation.Contracts.V1;
using Federation.Testing;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Time.Testing;

namespace Federation.Node.Tests;

/// <summary>Coordinated publication across real nodes: the origin publishes once no embargo binds the case, every participant records it.</summary>
public sealed class PublicationFlowTests
{
    private const string TechnicalCanary = "canary-technical-7f3a";
    private const string ProofCanary = "canary-poc-91bd";
    private const string ContactCanary = "canary-contact@reporter.example";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Publish_WhileEmbargoActive_RefusedNamingStateAndEnd_ThenAfterLiftEveryParticipantRecordsIt()
    {
        await using var federation = await TestFederation.StartAsync(["FR", "DE", "JP"], cancellationToken: Ct);
        var caseId = await SharedCaseAsync(federation);
        var (fr, de, jp) = (federation["FR"].AdminClient(), federation["DE"].AdminClient(), federation["JP"].AdminClient());
        var end = new DateTimeOffset(DateTimeOffset.UtcNow.AddDays(30).Date, TimeSpan.Zero).AddHours(9);
        var proposed = await fr.Embargoes.SignalEmbargoAsync(new SignalEmbargoRequest { FederationCaseId = caseId, Kind = EmbargoSignalKind.Propose, Date = Timestamp.FromDateTimeOffset(end) }, cancellationToken: Ct);
        var proposal = proposed.History.Single().Signal.SignalId;
        await EmbargoAtOriginAsync(fr, caseId, EmbargoState.Proposed, expectedSignals: 1);
        // A participant can accept only what it has received: wait for the proposal to reach both.
        await ProposalReceivedAsync(de, caseId);
        await ProposalReceivedAsync(jp, caseId);
        await de.Embargoes.SignalEmbargoAsync(new SignalEmbargoRequest { FederationCaseId = caseId, Kind = EmbargoSignalKind.Accept, RefersTo = proposal }, cancellationToken: Ct);
        await jp.Embargoes.SignalEmbargoAsync(new SignalEmbargoRequest { FederationCaseId = caseId, Kind = EmbargoSignalKind.Accept, RefersTo = proposal }, cancellationToken: Ct);
        await EmbargoAtOriginAsync(fr, caseId, EmbargoState.Active, expectedSignals: 3);

        var refused = await Assert.ThrowsAsync<RpcException>(async () =>
            await fr.Publications.PublishCaseAsync(new PublishCaseRequest { FederationCaseId = caseId }, cancellationToken: Ct));

        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        Assert.Contains("embargo is active until the agreed end " + end.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm'Z'", System.Globalization.CultureInfo.InvariantCulture), refused.Status.Detail);
        Assert.Contains($"fedctl embargo lift {caseId}", refused.Status.Detail);
        Assert.Empty((await fr.Publications.ListAdvisoriesAsync(new ListAdvisoriesRequest(), cancellationToken: Ct)).Advisories);

        await fr.Embargoes.SignalEmbargoAsync(new SignalEmbargoRequest { FederationCaseId = caseId, Kind = EmbargoSignalKind.Lift }, cancellationToken: Ct);
        var published = await fr.Publications.PublishCaseAsync(new PublishCaseRequest
        {
            FederationCaseId = caseId, RemediationCategory = RemediationCategory.VendorFix, RemediationDetails = "Update the guardrail model to 2.1.",
        }, cancellationToken: Ct);

        Assert.Equal((caseId, 1, "FR", true), (published.TrackingId, published.Version, published.Publisher, published.Own));
        var json = JsonNode.Parse(published.CsafJson)!;
        Assert.Empty(CsafSchema.Errors(json));
        Assert.Equal("csaf_security_advisory", (string?)json["document"]!["category"]);
        Assert.Equal("WHITE", (string?)json["document"]!["distribution"]!["tlp"]!["label"]);
        Assert.Equal(caseId, (string?)json["document"]!["tracking"]!["id"]);
        Assert.Equal("vendor_fix", (string?)json["vulnerabilities"]![0]!["remediations"]![0]!["category"]);
        Assert.DoesNotContain(TechnicalCanary, published.CsafJson, StringComparison.Ordinal);
        Assert.DoesNotContain(ProofCanary, published.CsafJson, StringComparison.Ordinal);
        Assert.DoesNotContain(ContactCanary, published.CsafJson, StringComparison.Ordinal);
        Assert.Equal(CaseStatus.Published, (await fr.Cases.GetCaseAsync(new GetCaseRequest { FederationCaseId = caseId }, cancellationToken: Ct)).Status);
        foreach (var partner in new[] { de, jp })
        {
            var listed = await ListedAsync(partner, caseId, version: 1);
            Assert.Equal((published.Sha256, "FR", false, ""), (listed.Sha256, listed.Publisher, listed.Own, listed.CsafJson));
            Assert.Equal(published.PublishedAt, listed.PublishedAt);
        }
    }

    [Fact]
    public async Task Publish_AfterBreakThenAgain_AcceptedAndTheCorrectionIsRevisionTwo()
    {
        await using var federation = await TestFederation.StartAsync(["FR", "DE"], cancellationToken: Ct);
        var caseId = await SharedCaseAsync(federation);
        var (fr, de) = (federation["FR"].AdminClient(), federation["DE"].AdminClient());
        await fr.Embargoes.SignalEmbargoAsync(new SignalEmbargoRequest { FederationCaseId = caseId, Kind = EmbargoSignalKind.Propose, Date = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(14)) }, cancellationToken: Ct);
        var proposedRefusal = await Assert.ThrowsAsync<RpcException>(async () =>
            await fr.Publications.PublishCaseAsync(new PublishCaseRequest { FederationCaseId = caseId }, cancellationToken: Ct));
        await fr.Embargoes.SignalEmbargoAsync(new SignalEmbargoRequest { FederationCaseId = caseId, Kind = EmbargoSignalKind.Break, Reason = "exploited in the wild" }, cancellationToken: Ct);

        var first = await fr.Publications.PublishCaseAsync(new PublishCaseRequest { FederationCaseId = caseId, RemediationCategory = RemediationCategory.Mitigation }, cancellationToken: Ct);
        await ListedAsync(de, caseId, version: 1);
        var corrected = await fr.Publications.PublishCaseAsync(new PublishCaseRequest
        {
            FederationCaseId = caseId, RemediationCategory = RemediationCategory.VendorFix, RemediationDetails = "Fixed in 2.1.",
        }, cancellationToken: Ct);

        Assert.Equal(StatusCode.FailedPrecondition, proposedRefusal.StatusCode);
        Assert.Contains("embargo is proposed", proposedRefusal.Status.Detail);
        Assert.Equal((1, 2), (first.Version, corrected.Version));
        Assert.Empty(CsafSchema.Errors(JsonNode.Parse(corrected.CsafJson)));
        var history = JsonNode.Parse(corrected.CsafJson)!["document"]!["tracking"]!["revision_history"]!.AsArray();
        Assert.Equal(["1", "2"], history.Select(r => (string?)r!["number"]));
        Assert.Equal(first.PublishedAt, corrected.PublishedAt);
        var atPartner = await ListedAsync(de, caseId, version: 2);
        Assert.Equal(corrected.Sha256, atPartner.Sha256);
        var stored = await fr.Publications.GetAdvisoryAsync(new GetAdvisoryRequest { TrackingId = caseId }, cancellationToken: Ct);
        Assert.Equal(corrected.CsafJson, stored.CsafJson);
        Assert.Single((await fr.Publications.ListAdvisoriesAsync(new ListAdvisoriesRequest(), cancellationToken: Ct)).Advisories);
    }

    [Fact]
    public async Task Publish_NoEmbargo_ParticipantWhoseClockIsBehindListsItOnlyOnceItsClockReachesTheInstant()
    {
        // DE's clock runs two minutes behind FR's (within the five minutes of skew envelopes may have).
        var deClock = new FakeTimeProvider(DateTimeOffset.UtcNow.AddMinutes(-2));
        await using var federation = await TestFederation.StartWithClocksAsync(["FR", "DE"], new Dictionary<string, TimeProvider> { ["DE"] = deClock }, Ct);
        var caseId = await SharedCaseAsync(federation);
        var (fr, de) = (federation["FR"].AdminClient(), federation["DE"].AdminClient());

        var published = await fr.Publications.PublishCaseAsync(new PublishCaseRequest { FederationCaseId = caseId }, cancellationToken: Ct);
        await Eventually.UntilAsync(
            async () => (await fr.Deliveries.ListDeliveriesAsync(new ListDeliveriesRequest { FederationCaseId = caseId }, cancellationToken: Ct)).Deliveries,
            d => d.Any(x => x.Kind == MessageKind.Publication && x.State == DeliveryState.Delivered), "DE to acknowledge the publication");
        var before = await de.Publications.ListAdvisoriesAsync(new ListAdvisoriesRequest(), cancellationToken: Ct);
        var hidden = await Assert.ThrowsAsync<RpcException>(async () =>
            await de.Publications.GetAdvisoryAsync(new GetAdvisoryRequest { TrackingId = caseId }, cancellationToken: Ct));
        deClock.SetUtcNow(published.PublishedAt.ToDateTimeOffset());
        var after = await de.Publications.ListAdvisoriesAsync(new ListAdvisoriesRequest(), cancellationToken: Ct);

        Assert.Empty(before.Advisories);
        Assert.Equal(StatusCode.NotFound, hidden.StatusCode);
        Assert.Equal((caseId, published.Sha256), (after.Advisories.Single().TrackingId, after.Advisories.Single().Sha256));
        Assert.Equal("none_available", (string?)JsonNode.Parse(published.CsafJson)!["vulnerabilities"]![0]!["remediations"]![0]!["category"]);
    }

    [Fact]
    public async Task Publish_ByANonOrigin_FailedPreconditionNamingTheOrigin()
    {
        await using var federation = await TestFederation.StartAsync(["FR", "DE"], cancellationToken: Ct);
        var caseId = await SharedCaseAsync(federation);

        var refused = await Assert.ThrowsAsync<RpcException>(async () =>
            await federation["DE"].AdminClient().Publications.PublishCaseAsync(new PublishCaseRequest { FederationCaseId = caseId }, cancellationToken: Ct));

        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        Assert.Contains("Only the case's origin FR publishes", refused.Status.Detail);

        // Nor can the origin's operator skip the embargo check by editing the status field.
        var edited = await Assert.ThrowsAsync<RpcException>(async () => await federation["FR"].AdminClient().Cases.UpdateCaseAsync(
            new UpdateCaseRequest { FederationCaseId = caseId, Fields = new CaseFields { Status = CaseStatus.Published } }, cancellationToken: Ct));
        Assert.Equal(StatusCode.FailedPrecondition, edited.StatusCode);
        Assert.Contains($"fedctl case publish {caseId}", edited.Status.Detail);
        var unchanged = await federation["FR"].AdminClient().Cases.GetCaseAsync(new GetCaseRequest { FederationCaseId = caseId }, cancellationToken: Ct);
        Assert.NotEqual(CaseStatus.Published, unchanged.Status);
    }

    [Theory]
    [InlineData(true, false, "national-security")]
    [InlineData(false, true, "as holding personal data")]
    public async Task Publish_CarvedOutCase_FailedPreconditionAndNothingPublished(bool nationalSecurity, bool personalData, string expected)
    {
        await using var federation = await TestFederation.StartAsync(["FR", "DE"], cancellationToken: Ct);
        var fr = federation["FR"].AdminClient();
        var created = await fr.Cases.CreateCaseAsync(new CreateCaseRequest
        {
            Fields = new CaseFields { Title = "Carved out", Tlp = TlpLabel.Green, NationalSecurity = nationalSecurity, ContainsPersonalData = personalData },
        }, cancellationToken: Ct);

        var refused = await Assert.ThrowsAsync<RpcException>(async () =>
            await fr.Publications.PublishCaseAsync(new PublishCaseRequest { FederationCaseId = created.FederationCaseId }, cancellationToken: Ct));

        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        Assert.Contains(expected, refused.Status.Detail);
        Assert.Empty((await fr.Publications.ListAdvisoriesAsync(new ListAdvisoriesRequest(), cancellationToken: Ct)).Advisories);
    }

    private static async Task<string> SharedCaseAsync(TestFederation federation)
    {
        var fr = federation["FR"].AdminClient();
        var created = await fr.Cases.CreateCaseAsync(new CreateCaseRequest
        {
            Fields = new CaseFields
            {
                Title = "Guardrail bypass", Synopsis = "A crafted prompt defeats the triage assistant's guardrails.", Tlp = TlpLabel.Green,
                TechnicalDescription = TechnicalCanary, ProofOfConcept = ProofCanary, ReporterContact = ContactCanary, Vendor = "Acme", Product = "TriageBot",
            },
        }, cancellationToken: Ct);
        await fr.Cases.RecordConsentAsync(new RecordConsentRequest { FederationCaseId = created.FederationCaseId, Scopes = { "share-summary" } }, cancellationToken: Ct);
        await fr.Cases.ShareCaseAsync(new ShareCaseRequest { FederationCaseId = created.FederationCaseId }, cancellationToken: Ct);
        foreach (var partner in federation.Nodes.Values.Where(n => n.Jurisdiction != "FR"))
        {
            var admin = partner.AdminClient();
            await Eventually.UntilAsync(
                async () => (await admin.Deliveries.ListReceivedSummariesAsync(new ListReceivedSummariesRequest(), cancellationToken: Ct)).Summaries,
                s => s.Any(x => x.Summary.FederationCaseId == created.FederationCaseId), $"{partner.Jurisdiction} to hold the summary");
        }

        return created.FederationCaseId;
    }

    private static Task EmbargoAtOriginAsync(AdminClients fr, string caseId, EmbargoState state, int expectedSignals) =>
        Eventually.UntilAsync(
            async () => await fr.Embargoes.GetEmbargoAsync(new GetEmbargoRequest { FederationCaseId = caseId }, cancellationToken: Ct),
            v => v.State == state && v.History.Count == expectedSignals, $"FR to see the embargo {state}");

    private static Task ProposalReceivedAsync(AdminClients participant, string caseId) =>
        Eventually.UntilAsync(
            async () =>
            {
                try
                {
                    return (await participant.Embargoes.GetEmbargoAsync(new GetEmbargoRequest { FederationCaseId = caseId }, cancellationToken: Ct)).State;
                }
                catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
                {
                    return EmbargoState.Unspecified;
                }
            },
            state => state == EmbargoState.Proposed, "the participant to receive the embargo proposal");

    private static Task<Advisory> ListedAsync(AdminClients admin, string caseId, int version) =>
        Eventually.UntilAsync(
            async () => (await admin.Publications.ListAdvisoriesAsync(new ListAdvisoriesRequest(), cancellationToken: Ct)).Advisories.FirstOrDefault(a => a.TrackingId == caseId) ?? new Advisory(),
            a => a.Version == version, $"the partner to list version {version} of {caseId}");
}
