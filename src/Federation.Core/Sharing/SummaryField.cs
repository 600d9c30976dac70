using System.Globalization;
using Federation.Core.Cases;
using Federation.Core.Treaties;

namespace Federation.Core.Sharing;

/// <summary>
/// One field a summary may carry: its wire name, the consent scope it needs, and how it is read
/// from a case. Raw fields (technical description, proof of concept, reporter contact) have no
/// entry here, so no treaty can ever name them.
/// </summary>
public sealed record SummaryField(string Name, string RequiredConsent, Func<Case, string?> Read)
{
    public const string FingerprintName = "fingerprint";

    /// <summary>
    /// For a field whose value depends on the governing treaty (the fingerprint: one key per treaty), the value
    /// under that treaty; <see cref="Read"/> is then not used.
    /// </summary>
    public Func<Case, Treaty, string?>? ReadUnder { get; init; }

    /// <summary>For such a field, why it cannot be given under that treaty at all (e.g. no key), or null.</summary>
    public Func<Case, Treaty, string?>? WithholdUnder { get; init; }

    public static SummaryField Title { get; } = new("title", ConsentScope.ShareSummary, c => c.Title);
    public static SummaryField Synopsis { get; } = new("synopsis", ConsentScope.ShareSummary, c => c.Synopsis);
    public static SummaryField Sector { get; } = new("sector", ConsentScope.ShareSummary, c => c.Sector);
    public static SummaryField TaxonomyClass { get; } = new("taxonomy_class", ConsentScope.ShareSummary, c => c.TaxonomyClass);
    /// <summary>The CVSS v4.0 vector of the current assessment: the data, from which score and rating follow (never display text).</summary>
    public static SummaryField Severity { get; } = new("severity", ConsentScope.ShareSummary, c => c.CurrentSeverity?.CvssVector);
    public static SummaryField Status { get; } = new("status", ConsentScope.ShareSummary, c => c.Status.ToString().ToLowerInvariant());
    public static SummaryField ReportedAt { get; } = new("reported_at", ConsentScope.ShareSummary,
        c => c.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
    public static SummaryField Vendor { get; } = new("vendor", ConsentScope.ShareVendor, c => c.Vendor);
    public static SummaryField Product { get; } = new("product", ConsentScope.ShareVendor, c => c.Product);
    public static SummaryField ModelVersion { get; } = new("model_version", ConsentScope.ShareVendor, c => c.ModelVersion);
    public static SummaryField ReporterName { get; } = new("reporter_name", ConsentScope.ShareReporter, c => c.ReporterName);
    /// <summary>The compact SSVC form with its decision, e.g. <c>SSVC/E:A/A:Y/T:T/M:H/D:AC</c>.</summary>
    public static SummaryField Ssvc { get; } = new("ssvc", ConsentScope.ShareSummary, c => c.CurrentSeverity?.Ssvc?.ToString());
    public static SummaryField Component { get; } = new("component", ConsentScope.ShareSummary, c => c.Component);

    /// <summary>
    /// The duplicate fingerprint under the governing treaty's key. It needs consent share-vendor, not only
    /// share-summary: a key holder can recover vendor and product from it by a dictionary attack
    /// (Taxonomy/FINGERPRINTS.md), so it may only go where naming the vendor may.
    /// </summary>
    public static SummaryField Fingerprint { get; } = new(FingerprintName, ConsentScope.ShareVendor, _ => null)
    {
        ReadUnder = (c, treaty) => c.FingerprintUnder(treaty.Id)?.Value,
        WithholdUnder = (c, treaty) => c.FingerprintUnder(treaty.Id) is null ? $"no fingerprint key for treaty {treaty.Id}" : null,
    };

    /// <summary>Every shareable field, in wire order.</summary>
    public static IReadOnlyList<SummaryField> All { get; } =
    [
        Title, Synopsis, Sector, TaxonomyClass, Severity, Status, ReportedAt, Vendor, Product, ModelVersion, ReporterName,
        Ssvc, Component, Fingerprint,
    ];

    /// <summary>Fields of a case that never leave the node, whatever a treaty says.</summary>
    public static IReadOnlyList<string> RawFieldNames { get; } =
    [
        "technical_description", "proof_of_concept", "reporter_contact", "deployment_details", "personal_data",
    ];

    private static readonly Dictionary<string, SummaryField> ByName = All.ToDictionary(f => f.Name, StringComparer.Ordinal);

    public static SummaryField? Find(string name) => ByName.GetValueOrDefault(name);
}
