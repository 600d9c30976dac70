using Federation.Contracts.V1;
using Federation.Testing;

namespace Federation.Node.Tests;

/// <summary>
/// Cross-border duplicate detection on two real nodes: FR and DE each file the same flaw, written
/// differently; the fingerprint under the treaty key links them without either sending vendor or product.
/// </summary>
public sealed class DuplicateLinkTests : IDisposable
{
    private const string TreatyId = "test-treaty";
    // No vendor, product or version in the treaty: only the fingerprint stands for them.
    private const string Fields = "[title, taxonomy_class, component, fingerprint, status]";
    private const string KeySetting = $"Federation:FingerprintKeys:{TreatyId}";

    private readonly TempDirectory _keys = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Share_SameFlawWrittenDifferently_ReceiverLinksItsCase()
    {
        var key = RiskModelTests.WriteKey(_keys, "shared.key");
        await using var federation = await StartAsync(key, key);
        var fr = federation["FR"].AdminClient();
        var de = federation["DE"].AdminClient();
        var local = await fr.Cases.CreateCaseAsync(Flaw("ExampleMed AI", "TriageAssist", "2.3 - 2.5", "AML.T0054"), cancellationToken: Ct);

        var shared = await FileAndShareAsync(de, Flaw("  examplemed   ai ", "TRIAGEASSIST", ">=2.3,<=2.5", "llm-jailbreak"));

        var links = await Eventually.UntilAsync(
            async () => await fr.Cases.ListCaseLinksAsync(new ListCaseLinksRequest { FederationCaseId = local.FederationCaseId }, cancellationToken: Ct),
            r => r.Links.Count > 0, "FR to link its case to DE's");
        var link = Assert.Single(links.Links);
        Assert.Equal(local.FederationCaseId, link.FederationCaseId);
        Assert.Equal(shared, link.PartnerCaseId);
        Assert.Equal("DE", link.Partner);
        Assert.Equal(TreatyId, link.TreatyId);
        var all = await fr.Cases.ListCaseLinksAsync(new ListCaseLinksRequest(), cancellationToken: Ct);
        Assert.Equal(links.Links, all.Links);
        Assert.Empty((await de.Cases.ListCaseLinksAsync(new ListCaseLinksRequest(), cancellationToken: Ct)).Links);

        var summary = Assert.Single((await fr.Deliveries.ListReceivedSummariesAsync(new ListReceivedSummariesRequest(), cancellationToken: Ct)).Summaries).Summary;
        var fingerprint = summary.Fields().Single(f => f.Name == "fingerprint").Value;
        Assert.Matches("^[0-9a-f]{64}$", fingerprint);
        Assert.DoesNotContain(summary.Fields(), f => f.Name is "vendor" or "product" or "model_version");
        Assert.DoesNotContain(summary.Fields(), f => f.Value.Contains("examplemed", StringComparison.OrdinalIgnoreCase)
                                                  || f.Value.Contains("triageassist", StringComparison.OrdinalIgnoreCase)
                                                  || f.Value.Contains("2.3", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CreateCase_AfterMatchingSummaryArrived_LinkedAtOnce()
    {
        var key = RiskModelTests.WriteKey(_keys, "shared.key");
        await using var federation = await StartAsync(key, key);
        var fr = federation["FR"].AdminClient();
        var shared = await FileAndShareAsync(federation["DE"].AdminClient(), Flaw("Acme", "Assist", "v1.2", "prompt-injection"));
        await Eventually.UntilAsync(
            async () => await fr.Deliveries.ListReceivedSummariesAsync(new ListReceivedSummariesRequest(), cancellationToken: Ct),
            r => r.Summaries.Count == 1, "FR to receive DE's summary");

        var local = await fr.Cases.CreateCaseAsync(Flaw("ACME", "assist", "1.2.0", "AML.T0051"), cancellationToken: Ct);
        var links = await fr.Cases.ListCaseLinksAsync(new ListCaseLinksRequest { FederationCaseId = local.FederationCaseId }, cancellationToken: Ct);

        Assert.Equal(shared, Assert.Single(links.Links).PartnerCaseId);
    }

    [Fact]
    public async Task Share_DifferentTreatyKeys_NoLink()
    {
        await using var federation = await StartAsync(RiskModelTests.WriteKey(_keys, "fr.key"), RiskModelTests.WriteKey(_keys, "de.key"));
        var fr = federation["FR"].AdminClient();
        await fr.Cases.CreateCaseAsync(Flaw("Acme", "Assist", "1.2", "prompt-injection"), cancellationToken: Ct);

        await FileAndShareAsync(federation["DE"].AdminClient(), Flaw("Acme", "Assist", "1.2", "prompt-injection"));
        var received = await Eventually.UntilAsync(
            async () => await fr.Deliveries.ListReceivedSummariesAsync(new ListReceivedSummariesRequest(), cancellationToken: Ct),
            r => r.Summaries.Count == 1, "FR to receive DE's summary");

        Assert.Contains(received.Summaries[0].Summary.Fields(), f => f.Name == "fingerprint");
        Assert.Empty((await fr.Cases.ListCaseLinksAsync(new ListCaseLinksRequest(), cancellationToken: Ct)).Links);
    }

    [Fact]
    public async Task Share_NoKeyConfigured_FingerprintWithheldWithReason()
    {
        await using var federation = await TestFederation.StartAsync(["FR", "DE"], TreatyFiles.Yaml(TreatyId, ["FR", "DE"], Fields), cancellationToken: Ct);
        var de = federation["DE"].AdminClient();
        var created = await de.Cases.CreateCaseAsync(Flaw("Acme", "Assist", "1.2", "prompt-injection"), cancellationToken: Ct);
        await de.Cases.RecordConsentAsync(new RecordConsentRequest { FederationCaseId = created.FederationCaseId, Scopes = { "share-summary", "share-vendor" } }, cancellationToken: Ct);

        var shared = await de.Cases.ShareCaseAsync(new ShareCaseRequest { FederationCaseId = created.FederationCaseId }, cancellationToken: Ct);

        Assert.Contains($"fingerprint: no fingerprint key for treaty {TreatyId}", Assert.Single(shared.Decisions).Reasons);
    }

    public void Dispose() => _keys.Dispose();

    private static Task<TestFederation> StartAsync(string frKey, string deKey) =>
        TestFederation.StartAsync(["FR", "DE"], TreatyFiles.Yaml(TreatyId, ["FR", "DE"], Fields), null, null,
            new Dictionary<string, IDictionary<string, string?>>
            {
                ["FR"] = new Dictionary<string, string?> { [KeySetting] = frKey },
                ["DE"] = new Dictionary<string, string?> { [KeySetting] = deKey },
            }, Ct);

    private static CreateCaseRequest Flaw(string vendor, string product, string versions, string taxonomy) => new()
    {
        Fields = new CaseFields
        {
            Title = "Guardrail bypass", Vendor = vendor, Product = product, ModelVersion = versions,
            TaxonomyClass = taxonomy, Component = "guardrails", Tlp = TlpLabel.Amber,
        },
    };

    private static async Task<string> FileAndShareAsync(AdminClients origin, CreateCaseRequest flaw)
    {
        var created = await origin.Cases.CreateCaseAsync(flaw, cancellationToken: Ct);
        await origin.Cases.RecordConsentAsync(new RecordConsentRequest { FederationCaseId = created.FederationCaseId, Scopes = { "share-summary", "share-vendor" } }, cancellationToken: Ct);
        var shared = await origin.Cases.ShareCaseAsync(new ShareCaseRequest { FederationCaseId = created.FederationCaseId }, cancellationToken: Ct);
        Assert.True(Assert.Single(shared.Decisions).Shared, string.Join("; ", shared.Decisions[0].Reasons));
        Assert.Contains("fingerprint", shared.Decisions[0].Fields.Names());
        return created.FederationCaseId;
    }
}
