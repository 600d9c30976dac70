using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Federation.Contracts.V1;
using CsafAdvisory = Federation.Core.Publication.CsafAdvisory;
using ICsafDistributionStore = Federation.Core.Publication.ICsafDistributionStore;
using Federation.Testing;
using Grpc.Core;
using Microsoft.Extensions.Time.Testing;

namespace Federation.Node.Tests.Publication;

/// <summary>
/// Publication timing at every participant, and a participant's own advisory referencing the origin's, across three
/// real nodes whose participants' clocks run behind the origin's.
/// </summary>
public sealed class ParticipantAdvisoryTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task OriginPublishes_EveryParticipantShowsItOnlyFromTheInstant_AndAParticipantsOwnAdvisoryReferencesTheOrigins()
    {
        // DE and JP run two minutes behind FR (within the five minutes of skew envelopes may have).
        var deClock = new FakeTimeProvider(DateTimeOffset.UtcNow.AddMinutes(-2));
        var jpClock = new FakeTimeProvider(DateTimeOffset.UtcNow.AddMinutes(-2));
        await using var federation = await TestFederation.StartWithClocksAsync(["FR", "DE", "JP"],
            new Dictionary<string, TimeProvider> { ["DE"] = deClock, ["JP"] = jpClock }, Ct);
        var caseId = await SharedCaseAsync(federation);
        var (fr, de, jp) = (federation["FR"].AdminClient(), federation["DE"].AdminClient(), federation["JP"].AdminClient());

        var published = await fr.Publications.PublishCaseAsync(new PublishCaseRequest
        {
            FederationCaseId = caseId, RemediationCategory = RemediationCategory.VendorFix, RemediationDetails = "Update TriageBot to 2.1.",
        }, cancellationToken: Ct);
        await Eventually.UntilAsync(
            async () => (await fr.Deliveries.ListDeliveriesAsync(new ListDeliveriesRequest { FederationCaseId = caseId }, cancellationToken: Ct)).Deliveries,
            d => d.Count(x => x.Kind == MessageKind.Publication && x.State == DeliveryState.Delivered) == 2, "DE and JP to acknowledge the publication");
        var instant = published.PublishedAt.ToDateTimeOffset();

        // Before the instant by their own clocks: nothing at either participant, and no participant advisory yet.
        foreach (var partner in new[] { de, jp })
        {
            Assert.Empty((await partner.Publications.ListAdvisoriesAsync(new ListAdvisoriesRequest(), cancellationToken: Ct)).Advisories);
        }

        var early = await Assert.ThrowsAsync<RpcException>(async () => await de.Publications.PublishParticipantAdvisoryAsync(
            new PublishParticipantAdvisoryRequest { FederationCaseId = caseId }, cancellationToken: Ct));
        Assert.Equal(StatusCode.FailedPrecondition, early.StatusCode);
        Assert.Contains($"public only from {Federation.Core.Embargoes.EmbargoMachine.Instant(instant)}", early.Status.Detail, StringComparison.Ordinal);
        using var deClient = federation["DE"].CreatePublicClient();
        var deProvider = new ProviderFetch(deClient);
        Assert.Empty(await deProvider.LinesAsync(".well-known/csaf/white/index.txt", "text/plain; charset=utf-8"));

        // At the instant, both show the origin's advisory; DE publishes its own.
        deClock.SetUtcNow(instant);
        jpClock.SetUtcNow(instant);
        foreach (var partner in new[] { de, jp })
        {
            var listed = (await partner.Publications.ListAdvisoriesAsync(new ListAdvisoriesRequest(), cancellationToken: Ct)).Advisories.Single();
            Assert.Equal((caseId, published.Sha256, false), (listed.TrackingId, listed.Sha256, listed.Own));
        }

        await HeldAsync(de, caseId, s => s.Summary.Status == CaseStatus.Published);
        var own = await de.Publications.PublishParticipantAdvisoryAsync(new PublishParticipantAdvisoryRequest
        {
            FederationCaseId = caseId, RemediationCategory = RemediationCategory.VendorFix, RemediationDetails = "Update TriageBot to 2.1 (BSI).",
        }, cancellationToken: Ct);

        Assert.Equal(($"DE-{caseId}", 1, "DE", true), (own.TrackingId, own.Version, own.Publisher, own.Own));
        var json = JsonNode.Parse(own.CsafJson)!;
        Assert.Empty(CsafSchema.Errors(json));
        var references = json["document"]!["references"]!.AsArray();
        var external = references.Single(r => (string?)r!["category"] == "external")!;
        var originPath = $"/.well-known/csaf/white/{instant.Year}/{caseId.ToLowerInvariant()}.json";
        Assert.Equal(originPath, ProviderFetch.PathOf((string?)external["url"]));
        Assert.Contains(caseId, (string?)external["summary"], StringComparison.Ordinal);
        Assert.Equal("Acme", (string?)json["product_tree"]!["branches"]![0]!["name"]);
        Assert.DoesNotContain("canary-technical-7f3a", own.CsafJson, StringComparison.Ordinal);

        // The URL the reference names is the origin's document, as FR serves it (same bytes, same hash).
        using var frClient = federation["FR"].CreatePublicClient();
        var originDocument = await new ProviderFetch(frClient).BytesAsync(originPath, "application/json");
        Assert.Equal(published.Sha256, Convert.ToHexStringLower(SHA256.HashData(originDocument)));

        // DE's own provider serves its advisory, signed with DE's key.
        var dePath = $"{instant.Year}/{CsafAdvisory.FileNameFor(own.TrackingId)}";
        Assert.Equal([dePath], await deProvider.LinesAsync(".well-known/csaf/white/index.txt", "text/plain; charset=utf-8"));
        var served = await deProvider.BytesAsync($".well-known/csaf/white/{dePath}", "application/json");
        Assert.Equal(own.CsafJson, Encoding.UTF8.GetString(served));
        var metadata = await deProvider.JsonAsync(".well-known/csaf/provider-metadata.json");
        var key = await deProvider.TextAsync(ProviderFetch.PathOf((string?)metadata["public_openpgp_keys"]![0]!["url"]));
        Assert.True(OpenPgpVerification.Verifies(key, await deProvider.TextAsync($".well-known/csaf/white/{dePath}.asc"), served));

        // Again is a correction: version 2, same path, its date on top of changes.csv.
        deClock.Advance(TimeSpan.FromMinutes(1));
        var corrected = await de.Publications.PublishParticipantAdvisoryAsync(new PublishParticipantAdvisoryRequest
        {
            FederationCaseId = caseId, RemediationCategory = RemediationCategory.Mitigation, RemediationDetails = "Disable uploads until 2.1 is installed.",
        }, cancellationToken: Ct);
        Assert.Equal(2, corrected.Version);
        Assert.Empty(CsafSchema.Errors(JsonNode.Parse(corrected.CsafJson)));
        var changes = await deProvider.LinesAsync(".well-known/csaf/white/changes.csv", "text/csv; charset=utf-8");
        Assert.Equal([$"\"{dePath}\",\"{(string?)JsonNode.Parse(corrected.CsafJson)!["document"]!["tracking"]!["current_release_date"]}\""], changes);

        var (exitCode, summary, stdout, stderr) = await BsiCsafValidator.ValidateAsync(
            new List<(string, byte[])> { ("origin.json", originDocument), ("participant.json", served), ("participant-corrected.json", Encoding.UTF8.GetBytes(corrected.CsafJson)) }, Ct);
        Assert.True(exitCode == 0, $"BSI's validator failed a mandatory test:\n{stderr}\n{stdout}");
        Assert.Equal(0, summary.GetProperty("mandatoryFailures").GetInt32());
        // The two optional warnings every document keeps by design (README): 6.2.3, no CVSS v2/v3 score (ours is v4.0, in a
        // note); 6.2.16, no product identification helper for an AI model. Served documents name their canonical URL (no 6.2.11).
        var warned = summary.GetProperty("warnings").EnumerateObject().ToDictionary(w => w.Name, w => w.Value.GetInt32());
        Assert.Equal(new Dictionary<string, int> { ["optionalTest_6_2_3"] = 3, ["optionalTest_6_2_16"] = 3 }, warned);
    }

    [Fact]
    public async Task PublishParticipantAdvisory_OwnCaseOrNoPublicationYet_FailedPreconditionSayingWhy()
    {
        await using var federation = await TestFederation.StartAsync(["FR", "DE"], cancellationToken: Ct);
        var caseId = await SharedCaseAsync(federation);
        var (fr, de) = (federation["FR"].AdminClient(), federation["DE"].AdminClient());

        var atOrigin = await Assert.ThrowsAsync<RpcException>(async () => await fr.Publications.PublishParticipantAdvisoryAsync(
            new PublishParticipantAdvisoryRequest { FederationCaseId = caseId }, cancellationToken: Ct));
        var beforeOrigin = await Assert.ThrowsAsync<RpcException>(async () => await de.Publications.PublishParticipantAdvisoryAsync(
            new PublishParticipantAdvisoryRequest { FederationCaseId = caseId }, cancellationToken: Ct));

        Assert.Equal(StatusCode.FailedPrecondition, atOrigin.StatusCode);
        Assert.Contains($"fedctl case publish {caseId}", atOrigin.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(StatusCode.FailedPrecondition, beforeOrigin.StatusCode);
        Assert.Contains("has not been published by its origin FR", beforeOrigin.Status.Detail, StringComparison.Ordinal);
        await using var scope = federation["DE"].Services.CreateAsyncScope();
        var state = await scope.ServiceProvider.GetRequiredService<ICsafDistributionStore>().StateAsync(DateTimeOffset.MaxValue, Ct);
        Assert.Equal(0, state.Count);
    }

    [Fact]
    public async Task PublishParticipantAdvisory_SummaryEditedSincePublication_RefusedUntilTheOriginCorrects()
    {
        await using var federation = await TestFederation.StartAsync(["FR", "DE"], cancellationToken: Ct);
        var caseId = await SharedCaseAsync(federation);
        var (fr, de) = (federation["FR"].AdminClient(), federation["DE"].AdminClient());
        await fr.Publications.PublishCaseAsync(new PublishCaseRequest { FederationCaseId = caseId }, cancellationToken: Ct);
        await HeldAsync(de, caseId, s => s.Summary.Status == CaseStatus.Published);

        // FR edits the case after publishing: DE holds a revision that is not public.
        await fr.Cases.UpdateCaseAsync(new UpdateCaseRequest { FederationCaseId = caseId, Fields = new CaseFields { Title = "Guardrail bypass, second variant" } }, cancellationToken: Ct);
        await HeldAsync(de, caseId, s => s.Summary.Title == "Guardrail bypass, second variant");
        var refused = await Assert.ThrowsAsync<RpcException>(async () => await de.Publications.PublishParticipantAdvisoryAsync(
            new PublishParticipantAdvisoryRequest { FederationCaseId = caseId }, cancellationToken: Ct));

        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        Assert.Contains("written only from the revision its origin made public", refused.Status.Detail, StringComparison.Ordinal);
        await using var scope = federation["DE"].Services.CreateAsyncScope();
        Assert.Equal(0, (await scope.ServiceProvider.GetRequiredService<ICsafDistributionStore>().StateAsync(DateTimeOffset.MaxValue, Ct)).Count);
    }

    private static Task HeldAsync(Federation.Testing.AdminClients admin, string caseId, Func<ReceivedSummary, bool> done) =>
        Eventually.UntilAsync(
            async () => (await admin.Deliveries.ListReceivedSummariesAsync(new ListReceivedSummariesRequest(), cancellationToken: Ct)).Summaries.FirstOrDefault(x => x.Summary.FederationCaseId == caseId) ?? new ReceivedSummary(),
            s => s.Summary is not null && done(s), $"the participant to hold the expected revision of {caseId}");

    private static async Task<string> SharedCaseAsync(TestFederation federation)
    {
        var fr = federation["FR"].AdminClient();
        var created = await fr.Cases.CreateCaseAsync(new CreateCaseRequest
        {
            Fields = new CaseFields
            {
                Title = "Guardrail bypass", Synopsis = "A crafted prompt defeats the triage assistant's guardrails.", Tlp = TlpLabel.Green,
                TechnicalDescription = "canary-technical-7f3a", Vendor = "Acme", Product = "TriageBot", ModelVersion = "2.0",
            },
        }, cancellationToken: Ct);
        await fr.Cases.RecordConsentAsync(new RecordConsentRequest { FederationCaseId = created.FederationCaseId, Scopes = { "share-summary", "share-vendor" } }, cancellationToken: Ct);
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
}
