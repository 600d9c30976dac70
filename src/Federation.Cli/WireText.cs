using System.Globalization;
using System.Text;
using Federation.Contracts.V1;

namespace Federation.Cli;

/// <summary>
/// How fedctl writes the contract's typed values for people (and reads them back from its options):
/// enums in lower-case words (due-soon, amber+strict), severity as "vector (9.3 Critical)".
/// </summary>
internal static class WireText
{
    /// <summary>An enum value in words: DueSoon → due-soon; UNSPECIFIED → "", a number we do not know → its number.</summary>
    public static string Of<T>(T value) where T : struct, Enum
    {
        if (!Enum.IsDefined(value))
        {
            return Convert.ToInt32(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture);
        }

        var name = value.ToString();
        if (name == "Unspecified")
        {
            return string.Empty;
        }

        var builder = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i]))
            {
                builder.Append('-');
            }

            builder.Append(char.ToLowerInvariant(name[i]));
        }

        return builder.ToString();
    }

    /// <summary>TLP 2.0 as FIRST writes it: CLEAR, GREEN, AMBER, AMBER+STRICT, RED.</summary>
    public static string Of(TlpLabel tlp) => tlp == TlpLabel.AmberStrict ? "AMBER+STRICT" : Of<TlpLabel>(tlp).ToUpperInvariant();

    /// <summary>Reads an option's words back: "due-soon", "DUE_SOON" and "DueSoon" all name DueSoon.</summary>
    public static bool TryParse<T>(string? text, out T value) where T : struct, Enum
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var key = Normalize(text.Replace("TLP:", "", StringComparison.OrdinalIgnoreCase));
        foreach (var candidate in Enum.GetValues<T>())
        {
            if (candidate.ToString() != "Unspecified" && Normalize(candidate.ToString()) == key)
            {
                value = candidate;
                return true;
            }
        }

        return false;
    }

    /// <summary>The values an option accepts, for its help and its errors.</summary>
    public static string Choices<T>() where T : struct, Enum =>
        string.Join(", ", Enum.GetValues<T>().Where(v => v.ToString() != "Unspecified").Select(v => typeof(T) == typeof(TlpLabel) ? Of((TlpLabel)(object)v) : Of(v)));

    /// <summary>CVSS's own words: None, Low, Medium, High, Critical.</summary>
    public static string Of(CvssRating rating) => Capitalized(Of<CvssRating>(rating));

    public static string Of(CvssSeverity? severity) =>
        severity is null ? string.Empty
        : $"{severity.Vector} ({(severity.ScoreTenths / 10m).ToString("0.0", CultureInfo.InvariantCulture)} {Of(severity.Rating)})";

    /// <summary>The compact SSVC form with its decision: SSVC/E:A/A:Y/T:T/M:H/D:AC (Act).</summary>
    public static string Of(SsvcAssessment? ssvc)
    {
        if (ssvc is null)
        {
            return string.Empty;
        }

        var e = ssvc.Exploitation switch { SsvcExploitation.None => "N", SsvcExploitation.PublicPoc => "P", SsvcExploitation.Active => "A", _ => "?" };
        var a = ssvc.Automatable switch { SsvcAutomatable.No => "N", SsvcAutomatable.Yes => "Y", _ => "?" };
        var t = ssvc.TechnicalImpact switch { SsvcTechnicalImpact.Partial => "P", SsvcTechnicalImpact.Total => "T", _ => "?" };
        var m = ssvc.MissionWellbeing switch { SsvcMissionWellbeing.Low => "L", SsvcMissionWellbeing.Medium => "M", SsvcMissionWellbeing.High => "H", _ => "?" };
        var (key, words) = ssvc.Decision switch
        {
            SsvcDecision.Track => ("T", "Track"),
            SsvcDecision.TrackStar => ("T*", "Track*"),
            SsvcDecision.Attend => ("AT", "Attend"),
            SsvcDecision.Act => ("AC", "Act"),
            _ => ("?", "?"),
        };
        return $"SSVC/E:{e}/A:{a}/T:{t}/M:{m}/D:{key} ({words})";
    }

    /// <summary>The decision alone, as CISA writes it: Track, Track*, Attend, Act.</summary>
    public static string DecisionOf(SsvcAssessment ssvc) => ssvc.Decision switch
    {
        SsvcDecision.Track => "Track",
        SsvcDecision.TrackStar => "Track*",
        SsvcDecision.Attend => "Attend",
        SsvcDecision.Act => "Act",
        _ => "?",
    };

    /// <summary>A summary's fields in wire order, by their treaty names, as people read them.</summary>
    public static IEnumerable<(string Name, string Value)> FieldsOf(CaseSummary summary)
    {
        if (summary.HasTitle) yield return ("title", summary.Title);
        if (summary.HasSynopsis) yield return ("synopsis", summary.Synopsis);
        if (summary.HasSector) yield return ("sector", summary.Sector);
        if (summary.HasTaxonomyClass) yield return ("taxonomy_class", summary.TaxonomyClass);
        if (summary.Severity is not null) yield return ("severity", Of(summary.Severity));
        if (summary.HasStatus) yield return ("status", Of(summary.Status));
        if (summary.ReportedAt is not null) yield return ("reported_at", summary.ReportedAt.ToDateTimeOffset().ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture));
        if (summary.HasVendor) yield return ("vendor", summary.Vendor);
        if (summary.HasProduct) yield return ("product", summary.Product);
        if (summary.HasModelVersion) yield return ("model_version", summary.ModelVersion);
        if (summary.HasReporterName) yield return ("reporter_name", summary.ReporterName);
        if (summary.Ssvc is not null) yield return ("ssvc", Of(summary.Ssvc));
        if (summary.HasComponent) yield return ("component", summary.Component);
        if (summary.HasFingerprint) yield return ("fingerprint", summary.Fingerprint);
    }

    /// <summary>A summary field by its treaty name: TaxonomyClass → taxonomy_class.</summary>
    public static string NameOf(SummaryField field) => Of(field).Replace('-', '_');

    private static string Capitalized(string word) => word.Length == 0 ? word : char.ToUpperInvariant(word[0]) + word[1..];

    private static string Normalize(string text) => new(text.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant).ToArray());
}
