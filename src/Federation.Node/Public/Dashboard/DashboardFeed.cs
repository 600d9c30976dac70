using System.Buffers;
using System.Text.Json;
using Federation.Core.Dashboard;
using Federation.Core.Publication;
using Federation.Core.Severity;
using Federation.Core.Taxonomy;

namespace Federation.Node.Public.Dashboard;

/// <summary>
/// The JSON feed of the dashboard: the same figures and the same page of cases as the page shows, with stable
/// machine names (ids, ISO 8601 UTC instants, CSAF's remediation categories). Written with a Utf8JsonWriter, once per
/// snapshot and page (see <see cref="DashboardFeedCache"/>).
/// </summary>
public static class DashboardFeed
{
    public const string ContentType = "application/json; charset=utf-8";

    public static byte[] Write(DashboardSnapshot snapshot, DashboardPage page)
    {
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("builtAt", snapshot.BuiltAt.UtcDateTime);
            WriteFigures(json, snapshot.Figures);
            json.WriteStartObject("page");
            json.WriteNumber("number", page.Number);
            json.WriteNumber("size", page.Size);
            json.WriteNumber("pages", page.Pages);
            json.WriteNumber("totalCases", page.Total);
            json.WriteEndObject();
            json.WriteStartArray("cases");
            foreach (var @case in page.Cases)
            {
                WriteCase(json, @case);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static string Remediation(RemediationCategory category) => category switch
    {
        RemediationCategory.VendorFix => "vendor_fix",
        RemediationCategory.Mitigation => "mitigation",
        RemediationCategory.Workaround => "workaround",
        RemediationCategory.NoFixPlanned => "no_fix_planned",
        _ => "none_available",
    };

    private static void WriteFigures(Utf8JsonWriter json, DashboardFigures figures)
    {
        json.WriteStartObject("figures");
        json.WriteNumber("published", figures.Published);
        json.WriteStartArray("publishedPerQuarter");
        foreach (var quarter in figures.PublishedPerQuarter)
        {
            json.WriteStartObject();
            json.WriteString("quarter", quarter.Label);
            json.WriteNumber("count", quarter.Count);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        NumberOrNull(json, "medianDaysToPublication", figures.MedianDaysToPublication is { } median ? Math.Round(median, 1) : null);
        json.WriteStartObject("embargoes");
        json.WriteNumber("kept", figures.Embargoes.Kept);
        json.WriteNumber("broken", figures.Embargoes.Broken);
        NumberOrNull(json, "keptShare", figures.Embargoes.KeptShare is { } kept ? Math.Round(kept, 4) : null);
        json.WriteEndObject();
        json.WriteStartArray("deadlines");
        foreach (var regime in figures.Deadlines)
        {
            json.WriteStartObject();
            json.WriteString("kind", regime.Kind == DeadlineRegimeKind.Cra ? "cra" : "treaty");
            json.WriteString("regime", regime.Regime);
            json.WriteNumber("met", regime.Met);
            json.WriteNumber("missed", regime.Missed);
            json.WriteNumber("pending", regime.Pending);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        // Unpublished cases: buckets only, never a count (see CountBucket for the rule).
        json.WriteStartObject("unpublished");
        Bucket(json, "total", figures.Unpublished.Total);
        Bucket(json, "received", figures.Unpublished.Received);
        Bucket(json, "coordinating", figures.Unpublished.Coordinating);
        Bucket(json, "closedUnpublished", figures.Unpublished.ClosedUnpublished);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteCase(Utf8JsonWriter json, DashboardCase @case)
    {
        var advisory = @case.Advisory;
        json.WriteStartObject();
        json.WriteString("id", @case.CaseId);
        json.WriteString("trackingId", advisory.TrackingId);
        json.WriteNumber("version", advisory.Version);
        json.WriteString("title", advisory.Title);
        json.WriteString("vendor", advisory.Vendor);
        json.WriteString("product", advisory.Product);
        StringOrNull(json, "modelVersion", advisory.ModelVersion);
        json.WriteString("remediation", Remediation(advisory.Remediation));
        json.WriteStartObject("severity");
        StringOrNull(json, "cvssVector", advisory.CvssVector);
        NumberOrNull(json, "cvssScore", advisory.CvssScore is { } score ? (double)score.Value : null);
        StringOrNull(json, "cvssRating", advisory.CvssScore?.Rating.ToString().ToLowerInvariant());
        StringOrNull(json, "ssvcDecision", advisory.Ssvc?.ToDisplayString());
        json.WriteEndObject();
        json.WriteStartObject("taxonomy");
        Entry(json, "attackClass", TaxonomyKind.AttackClass, advisory.AttackClass);
        Entry(json, "component", TaxonomyKind.ComponentKind, advisory.Component);
        StringOrNull(json, "cwe", advisory.Cwe);
        json.WriteEndObject();
        var timeline = @case.Timeline;
        json.WriteStartObject("timeline");
        json.WriteString("reported", timeline.Reported.UtcDateTime);
        InstantOrNull(json, "coordinated", timeline.Coordinated);
        InstantOrNull(json, "embargoAgreed", timeline.EmbargoAgreed);
        InstantOrNull(json, "embargoEnd", timeline.EmbargoEnd);
        InstantOrNull(json, "embargoExited", timeline.EmbargoExited);
        json.WriteString("embargo", timeline.Embargo.ToString().ToLowerInvariant());
        json.WriteString("published", timeline.Published.UtcDateTime);
        json.WriteString("revised", timeline.Revised.UtcDateTime);
        json.WriteEndObject();
        json.WriteString("advisory", @case.AdvisoryPath);
        json.WriteEndObject();
    }

    private static void Entry(Utf8JsonWriter json, string name, TaxonomyKind kind, string? id)
    {
        if (id is null || !TaxonomyCatalogue.Default.TryGet(kind, id, out var entry))
        {
            json.WriteNull(name);
            return;
        }

        json.WriteStartObject(name);
        json.WriteString("id", entry.Id);
        json.WriteString("name", entry.Name.En);
        if (entry.Atlas.Count > 0)
        {
            json.WriteStartArray("atlas");
            foreach (var technique in entry.Atlas)
            {
                json.WriteStringValue(technique);
            }

            json.WriteEndArray();
        }

        json.WriteEndObject();
    }

    private static void Bucket(Utf8JsonWriter json, string name, CountBucket bucket)
    {
        json.WriteStartObject(name);
        json.WriteNumber("min", bucket.Lower);
        json.WriteNumber("max", bucket.Upper);
        json.WriteString("label", bucket.ToString());
        json.WriteEndObject();
    }

    private static void StringOrNull(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }

    private static void NumberOrNull(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } v)
        {
            json.WriteNumber(name, v);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static void InstantOrNull(Utf8JsonWriter json, string name, DateTimeOffset? value)
    {
        if (value is { } v)
        {
            json.WriteString(name, v.UtcDateTime);
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
