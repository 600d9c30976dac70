using System.Globalization;
using Federation.Contracts.V1;

namespace Federation.Testing;

/// <summary>A field of a typed summary by its treaty name, with its value as text: what tests compare.</summary>
public sealed record NamedValue(string Name, string Value);

/// <summary>Reads typed wire summaries as name/value pairs, so tests can ask "which fields crossed?".</summary>
public static class WireSummaryExtensions
{
    public static IReadOnlyList<NamedValue> Fields(this CaseSummary s)
    {
        var fields = new List<NamedValue>();
        void Add(bool present, string name, Func<string> value)
        {
            if (present)
            {
                fields.Add(new NamedValue(name, value()));
            }
        }

        Add(s.HasTitle, "title", () => s.Title);
        Add(s.HasSynopsis, "synopsis", () => s.Synopsis);
        Add(s.HasSector, "sector", () => s.Sector);
        Add(s.HasTaxonomyClass, "taxonomy_class", () => s.TaxonomyClass);
        Add(s.Severity is not null, "severity", () => s.Severity!.Vector);
        Add(s.HasStatus, "status", () => s.Status.ToString().ToLowerInvariant());
        Add(s.ReportedAt is not null, "reported_at", () => s.ReportedAt!.ToDateTimeOffset().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        Add(s.HasVendor, "vendor", () => s.Vendor);
        Add(s.HasProduct, "product", () => s.Product);
        Add(s.HasModelVersion, "model_version", () => s.ModelVersion);
        Add(s.HasReporterName, "reporter_name", () => s.ReporterName);
        Add(s.Ssvc is not null, "ssvc", () => s.Ssvc!.ToString());
        Add(s.HasComponent, "component", () => s.Component);
        Add(s.HasFingerprint, "fingerprint", () => s.Fingerprint);
        return fields;
    }

    /// <summary>A summary field's treaty name: TaxonomyClass is taxonomy_class.</summary>
    public static string Name(this SummaryField field) =>
        string.Concat(field.ToString().Select((c, i) => i > 0 && char.IsUpper(c) ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

    public static string Name(this FieldExplanation field) => field.Field.Name();

    public static IEnumerable<string> Names(this IEnumerable<SummaryField> fields) => fields.Select(Name);
}
