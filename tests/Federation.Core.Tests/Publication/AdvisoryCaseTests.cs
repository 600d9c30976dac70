using System.Text.Json.Nodes;
using Federation.Core.Cases;
using Federation.Core.Inbox;
using Federation.Core.Publication;

namespace Federation.Core.Tests.Publication;

/// <summary>A participant's advisory is written from the summary it holds: only the shared fields, parsed, never guessed.</summary>
public sealed class AdvisoryCaseTests
{
    private const string CaseId = "FR-01JD3Q5V7X8Y9Z0A1B2C3D4E5F";

    [Fact]
    public void FromSummary_SharedFieldsOnly_ParticipantDocumentValidatesAndReferencesTheOrigin()
    {
        var summary = Summary(
            ("title", "Prompt injection in MedAssist"), ("synopsis", "Hidden instructions defeat the guardrails."), ("vendor", "Acme Health"),
            ("product", "MedAssist"), ("model_version", "2.1"), ("taxonomy_class", "AML.T0051"), ("severity", "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N"),
            ("ssvc", "SSVC/E:A/A:Y/T:T/M:H/D:AC"), ("reporter_name", "Ada Reporter"));

        var subject = AdvisoryCase.From(summary);
        var document = CsafAdvisoryBuilder.Build(subject, Participant());
        var json = JsonNode.Parse(document.Utf8Json)!;

        Assert.Equal((CaseId, "Acme Health", "MedAssist", "2.1"), (subject.CaseId, subject.Vendor, subject.Product, subject.ModelVersion));
        Assert.NotNull(subject.Severity);
        Assert.Equal("Act", subject.Severity.Ssvc!.Decision.ToString());
        Assert.Empty(CsafSchemaTests.Errors(json));
        Assert.Equal("Ada Reporter", (string?)json["vulnerabilities"]![0]!["acknowledgments"]![0]!["names"]![0]);
        Assert.Equal(CaseId, (string?)json["vulnerabilities"]![0]!["ids"]![0]!["text"]);
        Assert.Contains(json["document"]!["references"]!.AsArray(), r => (string?)r!["category"] == "external" && ((string?)r["url"])!.EndsWith("/2026/fr-01jd3q5v7x8y9z0a1b2c3d4e5f.json", StringComparison.Ordinal));
    }

    [Fact]
    public void FromSummary_NoReporterNameAndAnUnparsableSeverity_NoCreditAndNoScoreRatherThanAGuess()
    {
        var summary = Summary(("title", "T"), ("synopsis", "S"), ("vendor", "V"), ("product", "P"), ("severity", "CVSS:4.0/AV:X"));

        var subject = AdvisoryCase.From(summary);
        var json = JsonNode.Parse(CsafAdvisoryBuilder.Build(subject, Participant()).Utf8Json)!;

        Assert.Null(subject.Severity);
        Assert.Null(subject.CreditedReporter);
        Assert.Null(json["vulnerabilities"]![0]!["acknowledgments"]);
        Assert.Null(json["document"]!["aggregate_severity"]);
    }

    [Fact]
    public void FromSummary_WithoutTheVendor_FailedPreconditionNamingIt()
    {
        var summary = Summary(("title", "T"), ("synopsis", "S"));

        var refused = Assert.Throws<FederationException>(() => CsafAdvisoryBuilder.Build(AdvisoryCase.From(summary), Participant()));

        Assert.Equal(ErrorCode.FailedPrecondition, refused.Code);
        Assert.Contains("'vendor'", refused.Message, StringComparison.Ordinal);
    }

    private static AdvisoryPublication Participant() =>
        AdvisoryBuilders.NewPublication($"DE-{CaseId}", AdvisoryBuilders.Participant) with
        {
            DirectoryUrl = new Uri("https://csaf.bsi.example.de/.well-known/csaf/white/"),
            Origin = new OriginAdvisory("CERT-FR (example)", CaseId, new Uri("https://csaf.cert.example.fr/.well-known/csaf/white/2026/fr-01jd3q5v7x8y9z0a1b2c3d4e5f.json")),
        };

    private static ReceivedSummary Summary(params (string Name, string Value)[] fields)
    {
        var summary = new ReceivedSummary(CaseId, "FR");
        summary.Apply(3, AdvisoryBuilders.PublishedAt, Tlp.Green, fields.Select(f => KeyValuePair.Create(f.Name, f.Value)), "t1", 1, "FR-msg-1", AdvisoryBuilders.PublishedAt);
        return summary;
    }
}
