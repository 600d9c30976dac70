using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;
using Federation.Core.Publication;
using Federation.Core.Severity;
using Federation.Core.Taxonomy;

namespace Federation.Core.Dashboard;

/// <summary>
/// Reads the dashboard's view of an advisory out of the CSAF 2.0 document <see cref="CsafAdvisoryBuilder"/> wrote.
/// </summary>
/// <remarks>
/// Only structured positions are read: the vectors stand alone on the first line of their notes
/// (<see cref="CsafSeverityNotes"/>) and are parsed as vectors, the score is computed from the vector (never read
/// from display text), the attack class comes from the ATLAS technique references and the component from its note's
/// catalogue name. A round-trip test builds advisories and reads them back, so a change of the builder that this
/// reader does not follow fails there.
/// </remarks>
public static class PublicAdvisoryReader
{
    private const string AtlasPrefix = "https://atlas.mitre.org/techniques/";
    private const string ComponentNote = "Affected AI component";

    /// <summary>
    /// As <see cref="Read"/>, but a document of another shape (not JSON, a missing or mistyped member, an empty
    /// product tree, a bad date or version) is reported rather than thrown: one such document must not stop the
    /// dashboard's rebuild for every other advisory.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> utf8Json, [NotNullWhen(true)] out PublicAdvisory? advisory, [NotNullWhen(false)] out string? error)
    {
        try
        {
            advisory = Read(utf8Json);
            error = null;
            return true;
        }
        catch (Exception exception) when (exception is JsonException or KeyNotFoundException or InvalidOperationException
            or IndexOutOfRangeException or FormatException or OverflowException or ArgumentException)
        {
            advisory = null;
            error = exception.Message;
            return false;
        }
    }

    public static PublicAdvisory Read(ReadOnlySpan<byte> utf8Json)
    {
        var reader = new Utf8JsonReader(utf8Json);
        using var json = JsonDocument.ParseValue(ref reader);
        var root = json.RootElement;
        var document = root.GetProperty("document");
        var tracking = document.GetProperty("tracking");
        var vulnerability = root.GetProperty("vulnerabilities")[0];
        var (vendor, product, model) = Product(root.GetProperty("product_tree"));

        string? cvss = null;
        SsvcDecision? ssvc = null;
        string? component = null;
        foreach (var note in Array(vulnerability, "notes"))
        {
            var title = Text(note, "title");
            var text = Text(note, "text") ?? string.Empty;
            var firstLine = text.Split('\n', 2)[0].Trim();
            if (title == CsafSeverityNotes.CvssTitle && CvssV4Vector.TryParse(firstLine, out var vector, out _))
            {
                cvss = vector.ToString();
            }
            else if (title == CsafSeverityNotes.SsvcTitle && SsvcAssessment.TryParse(firstLine, out var assessment, out _))
            {
                ssvc = assessment.Decision;
            }
            else if (title == ComponentNote)
            {
                var name = text.Split(':', 2)[0].Trim();
                component = TaxonomyCatalogue.Default.ComponentKinds.FirstOrDefault(c => c.Name.En == name)?.Id;
            }
        }

        string? attackClass = null;
        foreach (var reference in Array(vulnerability, "references"))
        {
            if (Text(reference, "url") is { } url && url.StartsWith(AtlasPrefix, StringComparison.Ordinal)
                && TaxonomyCatalogue.Default.TryResolveAttackClass(url[AtlasPrefix.Length..], out var entry))
            {
                attackClass = entry.Id;
                break;
            }
        }

        var remediation = Array(vulnerability, "remediations").Select(r => Text(r, "category")).FirstOrDefault() switch
        {
            "vendor_fix" => RemediationCategory.VendorFix,
            "mitigation" => RemediationCategory.Mitigation,
            "workaround" => RemediationCategory.Workaround,
            "no_fix_planned" => RemediationCategory.NoFixPlanned,
            _ => RemediationCategory.NoneAvailable,
        };

        return new PublicAdvisory(
            Text(tracking, "id") ?? string.Empty,
            int.Parse(Text(tracking, "version") ?? "1", NumberStyles.None, CultureInfo.InvariantCulture),
            Text(document, "title") ?? string.Empty,
            vendor,
            product,
            model,
            remediation,
            cvss,
            cvss is null ? null : CvssV4Vector.Parse(cvss).Score(),
            ssvc,
            attackClass,
            component,
            vulnerability.TryGetProperty("cwe", out var cwe) ? Text(cwe, "id") : null,
            Instant(tracking, "initial_release_date"),
            Instant(tracking, "current_release_date"));
    }

    // vendor → product_name → (product | product_version → product), as the builder lays the tree out.
    private static (string Vendor, string Product, string? Model) Product(JsonElement tree)
    {
        var vendor = tree.GetProperty("branches")[0];
        var product = vendor.GetProperty("branches")[0];
        string? model = product.TryGetProperty("branches", out var versions) ? Text(versions[0], "name") : null;
        return (Text(vendor, "name") ?? string.Empty, Text(product, "name") ?? string.Empty, model);
    }

    private static IEnumerable<JsonElement> Array(JsonElement element, string name) =>
        element.TryGetProperty(name, out var array) && array.ValueKind == JsonValueKind.Array ? array.EnumerateArray() : [];

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static DateTimeOffset Instant(JsonElement element, string name) =>
        DateTimeOffset.Parse(Text(element, name) ?? throw new FormatException($"The advisory has no {name}."), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
}
