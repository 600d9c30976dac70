using System.Text.Json.Nodes;
using Federation.Core.Publication;
using Federation.Core.Taxonomy;
using static Federation.Core.Tests.Publication.AdvisoryBuilders;

namespace Federation.Core.Tests.Publication;

/// <summary>What the advisory says, and what it must never say.</summary>
public sealed class CsafAdvisoryBuilderTests
{
    private static JsonNode Json(CsafAdvisory advisory) => JsonNode.Parse(advisory.Utf8Json)!;

    [Fact]
    public void Build_RawFields_NeverAppear()
    {
        // With every consent, SSVC and a correction: the fullest document there is.
        var advisory = CsafAdvisoryBuilder.Build(PublishedCase(ssvc: true, creditReporter: true),
            NewPublication().Correct(PublishedAt.AddDays(1), "Typo."));

        foreach (var canary in new[] { CanaryTechnical, CanaryProof, CanaryContact, "canary", "example.org" })
        {
            Assert.DoesNotContain(canary, advisory.Text, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void Build_WithoutReporterConsent_NoAcknowledgmentAndNoName()
    {
        var advisory = CsafAdvisoryBuilder.Build(PublishedCase(creditReporter: false), NewPublication());

        Assert.Null(Json(advisory)["vulnerabilities"]![0]!["acknowledgments"]);
        Assert.DoesNotContain(ReporterName, advisory.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_WithReporterConsent_CreditsTheNameOnly()
    {
        var advisory = CsafAdvisoryBuilder.Build(PublishedCase(creditReporter: true), NewPublication());

        var acknowledgment = Json(advisory)["vulnerabilities"]![0]!["acknowledgments"]![0]!;
        Assert.Equal([ReporterName], acknowledgment["names"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Null(acknowledgment["urls"]);
        Assert.Null(acknowledgment["organization"]);
    }

    [Fact]
    public void Build_Distribution_IsTlpWhite()
    {
        var document = Json(CsafAdvisoryBuilder.Build(PublishedCase(), NewPublication()))["document"]!;

        Assert.Equal("WHITE", document["distribution"]!["tlp"]!["label"]!.GetValue<string>());
        Assert.Equal("csaf_security_advisory", document["category"]!.GetValue<string>());
        Assert.Equal("2.0", document["csaf_version"]!.GetValue<string>());
        Assert.Equal("final", document["tracking"]!["status"]!.GetValue<string>());
    }

    [Fact]
    public void Build_Twice_SameBytesAndHash()
    {
        var @case = PublishedCase(ssvc: true, creditReporter: true);

        var first = CsafAdvisoryBuilder.Build(@case, NewPublication());
        var second = CsafAdvisoryBuilder.Build(@case, NewPublication());

        Assert.Equal(first.Utf8Json, second.Utf8Json);
        Assert.Equal(first.Sha256Hex, second.Sha256Hex);
        Assert.DoesNotContain("\r", first.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_KeysAtEveryLevel_AreInOrdinalOrder()
    {
        static void Check(JsonNode? node, string path)
        {
            if (node is JsonObject obj)
            {
                var keys = obj.Select(p => p.Key).ToList();
                Assert.True(keys.SequenceEqual(keys.Order(StringComparer.Ordinal)), $"keys of {path} are not sorted: {string.Join(", ", keys)}");
                foreach (var (key, value) in obj)
                {
                    Check(value, $"{path}/{key}");
                }
            }
            else if (node is JsonArray array)
            {
                for (var i = 0; i < array.Count; i++)
                {
                    Check(array[i], $"{path}/{i}");
                }
            }
        }

        Check(Json(CsafAdvisoryBuilder.Build(PublishedCase(ssvc: true, creditReporter: true), NewPublication())), "");
    }

    [Fact]
    public void Correct_AddsARevision_VersionAndCurrentDateFollow()
    {
        var corrected = NewPublication().Correct(PublishedAt.AddDays(2), "Corrected the fixed version.");

        var tracking = Json(CsafAdvisoryBuilder.Build(PublishedCase(), corrected))["document"]!["tracking"]!;

        var history = tracking["revision_history"]!.AsArray();
        Assert.Equal(["1", "2"], history.Select(r => r!["number"]!.GetValue<string>()));
        Assert.Equal("Corrected the fixed version.", history[1]!["summary"]!.GetValue<string>());
        Assert.Equal("2", tracking["version"]!.GetValue<string>());
        Assert.Equal("2026-12-01T09:30:00.000Z", tracking["initial_release_date"]!.GetValue<string>());
        Assert.Equal("2026-12-03T09:30:00.000Z", tracking["current_release_date"]!.GetValue<string>());
    }

    [Fact]
    public void Correct_DatedBeforeTheCurrentRevision_IsRefused()
    {
        var publication = NewPublication().Correct(PublishedAt.AddDays(2), "Second.");

        var error = Assert.Throws<FederationException>(() => publication.Correct(PublishedAt.AddDays(1), "Third, dated too early."));

        Assert.Equal(ErrorCode.InvalidArgument, error.Code);
    }

    [Fact]
    public void Build_ProductIdsTheVulnerabilityNames_AreInTheProductTree()
    {
        var json = Json(CsafAdvisoryBuilder.Build(PublishedCase(), NewPublication()));

        var defined = Descendants(json["product_tree"]).OfType<JsonObject>()
            .Where(o => o.ContainsKey("product_id")).Select(o => o["product_id"]!.GetValue<string>()).ToHashSet();
        var vulnerability = json["vulnerabilities"]![0]!;
        var referenced = vulnerability["product_status"]!["known_affected"]!.AsArray()
            .Concat(vulnerability["remediations"]!.AsArray().SelectMany(r => r!["product_ids"]!.AsArray()))
            .Select(id => id!.GetValue<string>()).ToList();

        Assert.NotEmpty(referenced);
        Assert.All(referenced, id => Assert.Contains(id, defined));
    }

    [Fact]
    public void Build_ProductTree_VendorProductVersion()
    {
        var vendor = Json(CsafAdvisoryBuilder.Build(PublishedCase(), NewPublication()))["product_tree"]!["branches"]![0]!;

        var product = vendor["branches"]![0]!;
        var version = product["branches"]![0]!;
        Assert.Equal(("vendor", "Acme Health"), (vendor["category"]!.GetValue<string>(), vendor["name"]!.GetValue<string>()));
        Assert.Equal(("product_name", "MedAssist"), (product["category"]!.GetValue<string>(), product["name"]!.GetValue<string>()));
        Assert.Equal(("product_version", "2.1"), (version["category"]!.GetValue<string>(), version["name"]!.GetValue<string>()));
        Assert.Equal("Acme Health MedAssist 2.1", version["product"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public void Build_CvssV4_InANoteNeverInScores()
    {
        var vulnerability = Json(CsafAdvisoryBuilder.Build(PublishedCase(ssvc: true), NewPublication()))["vulnerabilities"]![0]!;

        Assert.Null(vulnerability["scores"]);
        var notes = vulnerability["notes"]!.AsArray();
        var cvss = notes.Single(n => n!["title"]!.GetValue<string>() == "CVSS v4.0")!;
        Assert.Equal("other", cvss["category"]!.GetValue<string>());
        Assert.StartsWith("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N\nScore 9.3 (Critical)", cvss["text"]!.GetValue<string>(), StringComparison.Ordinal);
        var ssvc = notes.Single(n => n!["title"]!.GetValue<string>() == "SSVC")!;
        Assert.StartsWith("SSVC/E:A/A:Y/T:T/M:H/D:AC\n", ssvc["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("Decision: Act", ssvc["text"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public void Build_WithoutSsvc_NoSsvcNote()
    {
        var notes = Json(CsafAdvisoryBuilder.Build(PublishedCase(ssvc: false), NewPublication()))["vulnerabilities"]![0]!["notes"]!.AsArray();

        Assert.DoesNotContain(notes, n => n!["title"]!.GetValue<string>() == "SSVC");
    }

    [Fact]
    public void Build_Taxonomy_AtlasNoteAndCwe()
    {
        var vulnerability = Json(CsafAdvisoryBuilder.Build(PublishedCase(taxonomyClass: "AML.T0051"), NewPublication()))["vulnerabilities"]![0]!;

        Assert.Equal("CWE-1427", vulnerability["cwe"]!["id"]!.GetValue<string>());
        var atlas = vulnerability["notes"]!.AsArray().Single(n => n!["title"]!.GetValue<string>() == "MITRE ATLAS")!;
        Assert.StartsWith("AML.T0051: Prompt injection.", atlas["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains(vulnerability["references"]!.AsArray(), r => r!["url"]!.GetValue<string>() == "https://atlas.mitre.org/techniques/AML.T0051");
    }

    [Fact]
    public void Build_ClassWithoutAFittingCwe_HasNoCwe()
    {
        var vulnerability = Json(CsafAdvisoryBuilder.Build(PublishedCase(taxonomyClass: "data-poisoning"), NewPublication()))["vulnerabilities"]![0]!;

        Assert.Null(vulnerability["cwe"]);
    }

    [Fact]
    public void CweMap_EveryClass_IsInTheCatalogue()
    {
        Assert.All(CweForAttackClass.MappedClasses, id => Assert.True(TaxonomyCatalogue.Default.TryGet(TaxonomyKind.AttackClass, id, out _), id));
    }

    [Fact]
    public void Build_ParticipantAdvisory_ReferencesTheOrigins()
    {
        var origin = new OriginAdvisory("CERT-FR (example)", "CERTFR-2026-AVI-0042", new Uri("https://csaf.cert.example.fr/.well-known/csaf/white/2026/certfr-2026-avi-0042.json"));

        var references = Json(CsafAdvisoryBuilder.Build(PublishedCase(), NewPublication("DE-BSI-2026-0007", Participant) with { Origin = origin }))["document"]!["references"]!.AsArray();

        var external = references.Single(r => r!["category"]!.GetValue<string>() == "external")!;
        Assert.Equal(origin.Url.AbsoluteUri, external["url"]!.GetValue<string>());
        Assert.Contains("CERTFR-2026-AVI-0042", external["summary"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public void Build_CanonicalUrl_YearAndFileName()
    {
        var advisory = CsafAdvisoryBuilder.Build(PublishedCase(), NewPublication());

        var self = Json(advisory)["document"]!["references"]!.AsArray().Single(r => r!["category"]!.GetValue<string>() == "self")!;
        Assert.Equal("certfr-2026-avi-0042.json", advisory.FileName);
        Assert.Equal("https://csaf.cert.example.fr/.well-known/csaf/white/2026/certfr-2026-avi-0042.json", self["url"]!.GetValue<string>());
    }

    [Fact]
    public void Build_CaseWithoutSynopsis_IsRefused()
    {
        var @case = Cases.Case.Create(Builders.Fr, new Cases.CaseFieldsUpdate { Title = "t", Vendor = "v", Product = "p" }, Builders.Clock());

        var error = Assert.Throws<FederationException>(() => CsafAdvisoryBuilder.Build(@case, NewPublication()));

        Assert.Equal(("synopsis", ErrorCode.FailedPrecondition), (error.Field, error.Code));
    }

    private static IEnumerable<JsonNode> Descendants(JsonNode? node)
    {
        if (node is null)
        {
            yield break;
        }

        yield return node;
        var children = node switch
        {
            JsonObject obj => obj.Select(p => p.Value),
            JsonArray array => array,
            _ => [],
        };
        foreach (var child in children.SelectMany(Descendants))
        {
            yield return child;
        }
    }
}
