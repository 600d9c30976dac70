using System.Text.Json.Nodes;
using Federation.Core.Cases;
using Federation.Core.Severity;

namespace Federation.Core.Publication;

/// <summary>
/// How a case's CVSS v4.0 and SSVC reach a CSAF 2.0 document, which has a field for neither.
/// </summary>
/// <remarks>
/// CSAF 2.0's <c>scores[]</c> admits only <c>cvss_v2</c> and <c>cvss_v3</c>, whose schemas (FIRST's) require a 2.0 or
/// 3.x vector: a v4.0 vector there is invalid and would mislead every tool that reads it as v3. So the v4.0 vector,
/// score and rating, and the SSVC decision points and decision, are vulnerability notes of category <c>other</c>
/// (§3.2.3.11: for what no other category fits), each with its vector alone on the first line so that a reader or
/// a script can take it as it is; a reference links to FIRST's calculator with the vector, and the rating is the
/// document's <c>aggregate_severity</c> with FIRST's v4.0 page as its namespace. CSAF 2.1 has fields for both
/// (<c>metrics</c> with <c>cvss_v4</c> and <c>ssvc_v1</c>): when the project moves to 2.1 these notes become those.
/// </remarks>
internal static class CsafSeverityNotes
{
    public const string CvssTitle = "CVSS v4.0";
    public const string SsvcTitle = "SSVC";

    public static JsonObject AggregateSeverity(CaseSeverity severity) => new()
    {
        ["namespace"] = "https://www.first.org/cvss/v4-0/",
        ["text"] = severity.Rating.ToString(),
    };

    public static void Add(CaseSeverity severity, JsonArray notes, JsonArray references)
    {
        notes.Add(CsafJson.Note("other", CvssTitle,
            $"{severity.CvssVector}\nScore {severity.Score} ({severity.Rating}), CVSS v4.0 (FIRST). "
            + "CSAF 2.0 scores admit CVSS v2 and v3 only, so the v4.0 assessment is given here."));
        references.Add(CsafJson.Reference("external", "CVSS v4.0 calculator (FIRST) with this vector",
            new Uri($"https://www.first.org/cvss/calculator/4.0#{severity.CvssVector}")));
        if (severity.Ssvc is { } ssvc)
        {
            notes.Add(CsafJson.Note("other", SsvcTitle,
                $"{ssvc}\nExploitation: {Words(ssvc.Exploitation)}; Automatable: {Words(ssvc.Automatable)}; "
                + $"Technical impact: {Words(ssvc.TechnicalImpact)}; Mission and well-being: {Words(ssvc.MissionWellbeing)}. "
                + $"Decision: {Decision(ssvc.Decision)} (CISA's SSVC decision tree)."));
        }
    }

    private static string Decision(SsvcDecision decision) => decision switch
    {
        SsvcDecision.Track => "Track",
        SsvcDecision.TrackStar => "Track*",
        SsvcDecision.Attend => "Attend",
        _ => "Act",
    };

    private static string Words<T>(T value) where T : struct, Enum => value.ToString() switch
    {
        "PublicPoc" => "public PoC",
        var name => name.ToLowerInvariant(),
    };
}
