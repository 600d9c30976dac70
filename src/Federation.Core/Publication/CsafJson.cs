using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Federation.Core.Publication;

/// <summary>
/// The small pieces every part of a CSAF document is made of, and the one way it becomes bytes.
/// Deterministic: keys in ordinal order at every level (BSI's optional test 6.2.13 also asks for sorted keys),
/// dates in UTC with milliseconds, line ends <c>\n</c> on every OS, nothing from the clock or a dictionary's order.
/// </summary>
internal static class CsafJson
{
    private static readonly JsonSerializerOptions WriteOptions = new()
    {
        WriteIndented = true,
        IndentSize = 2,
        // Environment.NewLine would make the bytes (and their SHA-256) differ between Linux and Windows nodes.
        NewLine = "\n",
        // The default encoder escapes non-ASCII and HTML-sensitive characters: safe to embed in a page later, and stable.
        Encoder = JavaScriptEncoder.Default,
    };

    public static byte[] ToUtf8Bytes(JsonNode document) => JsonSerializer.SerializeToUtf8Bytes(Sorted(document), WriteOptions);

    public static JsonObject Note(string category, string title, string text) =>
        new() { ["category"] = category, ["text"] = text, ["title"] = title };

    public static JsonObject Reference(string category, string summary, Uri url) =>
        new() { ["category"] = category, ["summary"] = summary, ["url"] = url.AbsoluteUri };

    public static void AddIfPresent(JsonObject target, string key, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            target[key] = value.Trim();
        }
    }

    // CSAF versions are strings; integer versioning (1, 2, …) is the simplest scheme the standard allows.
    public static string Number(int number) => number.ToString(CultureInfo.InvariantCulture);

    public static string Date(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    // Rebuilt with ordinal key order at every level, so the bytes do not depend on the order the code added keys in.
    private static JsonNode? Sorted(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => KeyValuePair.Create(p.Key, Sorted(p.Value)))),
        JsonArray array => new JsonArray([.. array.Select(Sorted)]),
        null => null,
        _ => node.DeepClone(),
    };
}
