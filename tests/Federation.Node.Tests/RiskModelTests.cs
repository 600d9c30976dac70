using System.Security.Cryptography;
using Federation.Contracts.V1;
using Federation.Testing;
using Grpc.Core;

namespace Federation.Node.Tests;

/// <summary>The risk model on real nodes: taxonomy ids, assessments and their propagation, the catalogue.</summary>
public sealed class RiskModelTests
{
    private const string Critical = "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N";
    private const string Fields = "[title, taxonomy_class, severity, ssvc, component, status]";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Assess_SharedCase_HistoryKeptAndPartnerGetsNewRevision()
    {
        await using var federation = await TestFederation.StartAsync(["FR", "DE"], TreatyFiles.Yaml("test-treaty", ["FR", "DE"], Fields), cancellationToken: Ct);
        var fr = federation["FR"].AdminClient();
        var de = federation["DE"].AdminClient();
        var created = await fr.Cases.CreateCaseAsync(new CreateCaseRequest
        {
            Fields = new CaseFields { Title = "Guardrail bypass", TaxonomyClass = "AML.T0054", Component = "guardrails", Tlp = TlpLabel.Amber },
        }, cancellationToken: Ct);
        await fr.Cases.RecordConsentAsync(new RecordConsentRequest { FederationCaseId = created.FederationCaseId, Scopes = { "share-summary" } }, cancellationToken: Ct);
        await fr.Cases.ShareCaseAsync(new ShareCaseRequest { FederationCaseId = created.FederationCaseId }, cancellationToken: Ct);

        var first = await fr.Cases.AssessCaseAsync(new AssessCaseRequest
        {
            FederationCaseId = created.FederationCaseId, Cvss = Critical, Ssvc = "SSVC/E:A/A:Y/T:T/M:H", AssessedBy = "Dr. Analyst",
        }, cancellationToken: Ct);
        var second = await fr.Cases.AssessCaseAsync(new AssessCaseRequest
        {
            FederationCaseId = created.FederationCaseId, Cvss = "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:U",
        }, cancellationToken: Ct);

        Assert.Equal(SsvcDecision.Act, first.Assessment.Ssvc.Decision);
        Assert.Equal(93, first.Assessment.Cvss.ScoreTenths);
        Assert.Equal(CvssRating.Critical, first.Assessment.Cvss.Rating);
        Assert.EndsWith("for Dr. Analyst", first.Assessment.Author, StringComparison.Ordinal);
        Assert.Equal(first.Revision + 1, second.Revision);
        Assert.Null(second.Assessment.Ssvc);
        var shown = await fr.Cases.GetCaseAsync(new GetCaseRequest { FederationCaseId = created.FederationCaseId }, cancellationToken: Ct);
        Assert.Equal(second.Assessment, shown.Assessment);
        Assert.Equal("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:U", shown.Assessment.Cvss.Vector);
        var history = await fr.Cases.ListAssessmentsAsync(new ListAssessmentsRequest { FederationCaseId = created.FederationCaseId }, cancellationToken: Ct);
        Assert.Equal([first.Assessment, second.Assessment], history.Assessments);

        var received = await Eventually.UntilAsync(
            async () => await de.Deliveries.ListReceivedSummariesAsync(new ListReceivedSummariesRequest(), cancellationToken: Ct),
            r => r.Summaries.Count == 1 && r.Summaries[0].Summary.Revision == second.Revision, "DE to receive the second assessment's revision");
        var fields = received.Summaries[0].Summary.Fields().ToDictionary(f => f.Name, f => f.Value);
        Assert.Equal(shown.Assessment.Cvss.Vector, fields["severity"]);
        // The score travels as data with the vector, and the receiver checked it against its own computation.
        Assert.Equal(shown.Assessment.Cvss, received.Summaries[0].Summary.Severity);
        Assert.Equal("guardrails", fields["component"]);
        Assert.Equal("llm-jailbreak", fields["taxonomy_class"]);
        Assert.False(fields.ContainsKey("ssvc"));
    }

    [Fact]
    public async Task AdminErrors_MalformedCvssUnknownTaxonomy_InvalidArgumentNamingTheProblem()
    {
        await using var federation = await TestFederation.StartAsync(["FR", "DE"], cancellationToken: Ct);
        var fr = federation["FR"].AdminClient();
        var created = await fr.Cases.CreateCaseAsync(new CreateCaseRequest { Fields = new CaseFields { Title = "t" } }, cancellationToken: Ct);

        var badCvss = await Assert.ThrowsAsync<RpcException>(async () => await fr.Cases.AssessCaseAsync(new AssessCaseRequest
        {
            FederationCaseId = created.FederationCaseId, Cvss = "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:Q/SC:N/SI:N/SA:N",
        }, cancellationToken: Ct));
        var badSsvc = await Assert.ThrowsAsync<RpcException>(async () => await fr.Cases.AssessCaseAsync(new AssessCaseRequest
        {
            FederationCaseId = created.FederationCaseId, Cvss = Critical, Ssvc = "SSVC/E:A/A:Y/T:X/M:H",
        }, cancellationToken: Ct));
        var badClass = await Assert.ThrowsAsync<RpcException>(async () => await fr.Cases.CreateCaseAsync(
            new CreateCaseRequest { Fields = new CaseFields { Title = "t", TaxonomyClass = "AML.T9999" } }, cancellationToken: Ct));
        var history = await fr.Cases.ListAssessmentsAsync(new ListAssessmentsRequest { FederationCaseId = created.FederationCaseId }, cancellationToken: Ct);

        Assert.Equal(StatusCode.InvalidArgument, badCvss.StatusCode);
        Assert.Contains("'Q' for metric 'VA'", badCvss.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(StatusCode.InvalidArgument, badSsvc.StatusCode);
        Assert.Contains("'T'", badSsvc.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(StatusCode.InvalidArgument, badClass.StatusCode);
        Assert.Contains("prompt-injection, ", badClass.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("llm-jailbreak", badClass.Status.Detail, StringComparison.Ordinal);
        Assert.Empty(history.Assessments);
    }

    [Fact]
    public async Task ListTaxonomy_French_NamesInFrenchWithAtlasIds()
    {
        await using var federation = await TestFederation.StartAsync(["FR", "DE"], cancellationToken: Ct);
        var fr = federation["FR"].AdminClient();

        var french = await fr.Cases.GetTaxonomyAsync(new GetTaxonomyRequest { Language = "fr" }, cancellationToken: Ct);
        var klingon = await Assert.ThrowsAsync<RpcException>(async () => await fr.Cases.GetTaxonomyAsync(new GetTaxonomyRequest { Language = "tlh" }, cancellationToken: Ct));

        var jailbreak = french.AttackClasses.Single(e => e.Id == "llm-jailbreak");
        Assert.Equal(["AML.T0054"], jailbreak.AtlasIds);
        Assert.Equal("Contournement des garde-fous d'un LLM (jailbreak)", jailbreak.Name);
        Assert.Contains(french.ComponentKinds, e => e.Id == "guardrails");
        Assert.Equal(6, french.Sectors.Count);
        Assert.Equal(StatusCode.InvalidArgument, klingon.StatusCode);
    }

    internal static string WriteKey(TempDirectory folder, string name)
    {
        var path = folder.Combine(name);
        File.WriteAllText(path, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        return path;
    }
}
