using Federation.Core.Cases;
using Federation.Core.Publication;
using Federation.Core.Severity;

namespace Federation.Core.Tests.Publication;

/// <summary>Published cases and publications for the advisory tests, with canaries in every raw field.</summary>
internal static class AdvisoryBuilders
{
    public const string CanaryTechnical = "CANARY-TECHNICAL-7f3a";
    public const string CanaryProof = "CANARY-PROOF-91bd";
    public const string CanaryContact = "canary-contact-4c2e@example.org";
    public const string ReporterName = "Ada Reporter";

    public static readonly DateTimeOffset PublishedAt = new(2026, 12, 1, 9, 30, 0, TimeSpan.Zero);

    public static readonly AdvisoryPublisher Publisher = new(
        "CERT-FR (example)", new Uri("https://cert.example.fr"), "advisories@cert.example.fr", "The French national CERT, under the Federation treaties.");

    public static readonly AdvisoryPublisher Participant = new("CERT-Bund (example)", new Uri("https://bsi.example.de"));

    public static Case PublishedCase(
        string taxonomyClass = "AML.T0051", bool ssvc = false, bool creditReporter = false, string? modelVersion = "2.1")
    {
        var clock = Builders.Clock();
        var @case = Case.Create(Builders.Fr, new CaseFieldsUpdate
        {
            Title = "Prompt injection through uploaded documents in Acme MedAssist",
            Synopsis = "Instructions hidden in an uploaded document can make the assistant ignore its clinical guardrails.",
            TechnicalDescription = CanaryTechnical,
            ProofOfConcept = CanaryProof,
            ReporterName = ReporterName,
            ReporterContact = CanaryContact,
            Vendor = "Acme Health",
            Product = "MedAssist",
            ModelVersion = modelVersion,
            Sector = "health",
            TaxonomyClass = taxonomyClass,
            Component = "host-application",
            Status = CaseStatus.Published,
            Tlp = Tlp.Clear,
        }, clock);
        @case.Assess(
            CvssV4Vector.Parse("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N"),
            ssvc ? SsvcAssessment.Parse("SSVC/E:A/A:Y/T:T/M:H") : null,
            "analyst",
            clock);
        @case.RecordConsent(
            creditReporter ? [ConsentScope.ShareSummary, ConsentScope.ShareVendor, ConsentScope.ShareReporter] : [ConsentScope.ShareSummary, ConsentScope.ShareVendor],
            clock);
        return @case;
    }

    public static AdvisoryPublication NewPublication(string trackingId = "CERTFR-2026-AVI-0042", AdvisoryPublisher? publisher = null) =>
        AdvisoryPublication.Initial(
            publisher ?? Publisher,
            trackingId,
            new AdvisoryRemediation(RemediationCategory.VendorFix, "Update MedAssist to 2.2, which treats document text as data.", new Uri("https://acme.example/security/medassist-2.2")),
            PublishedAt) with
        {
            DirectoryUrl = new Uri("https://csaf.cert.example.fr/.well-known/csaf/white/"),
        };

    /// <summary>The documents every validator sees: each optional part present and absent at least once.</summary>
    public static IReadOnlyList<(string Name, CsafAdvisory Advisory)> Representative()
    {
        var list = new List<(string, CsafAdvisory)>
        {
            ("plain", CsafAdvisoryBuilder.Build(PublishedCase(), NewPublication() with { DirectoryUrl = null })),
            ("ssvc-and-credit", CsafAdvisoryBuilder.Build(PublishedCase(ssvc: true, creditReporter: true), NewPublication())),
            ("corrected", CsafAdvisoryBuilder.Build(PublishedCase(ssvc: true),
                NewPublication().Correct(PublishedAt.AddDays(2), "Corrected the fixed version.",
                    new AdvisoryRemediation(RemediationCategory.Mitigation, "Disable document upload until 2.2.1 is installed.")))),
            ("participant", CsafAdvisoryBuilder.Build(PublishedCase(), NewPublication("DE-BSI-2026-0007", Participant) with
            {
                DirectoryUrl = new Uri("https://csaf.bsi.example.de/.well-known/csaf/white/"),
                Origin = new OriginAdvisory("CERT-FR (example)", "CERTFR-2026-AVI-0042",
                    new Uri("https://csaf.cert.example.fr/.well-known/csaf/white/2026/certfr-2026-avi-0042.json")),
            })),
            ("no-model-version", CsafAdvisoryBuilder.Build(PublishedCase(modelVersion: null), NewPublication())),
        };

        // One per attack class that maps to a CWE, so BSI's check of CWE ids and names (6.1.11) sees every one.
        foreach (var attackClass in CweForAttackClass.MappedClasses)
        {
            list.Add(($"cwe-{attackClass}", CsafAdvisoryBuilder.Build(PublishedCase(taxonomyClass: attackClass), NewPublication())));
        }

        return list;
    }
}
