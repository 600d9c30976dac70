using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Federation.Transparency.Bundles;

/// <summary>
/// The bundle's JSON: camelCase, indented, strict on reading (an unknown member, a missing one or a null where the
/// format has none is an error with its line and JSON path), since the reader is an auditor's verifier.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(AuditBundle))]
public sealed partial class BundleJson : JsonSerializerContext
{
    /// <summary>
    /// Bundles larger than this (256 MiB) are refused unread: a verifier holds a bundle in memory (about four times its
    /// size), so it must not be made to exhaust it. An export holds at most 200,000 leaves, about 100 MB (495 bytes a
    /// leaf); each checkpoint inside its range adds about 1 kB with the proof that links it (measured: 1,026 bytes
    /// without cosignatures, about 130 more for each), so only a range with more than some 150,000 checkpoints could
    /// exceed it: the node refuses to write such a bundle, and says to export in parts.
    /// </summary>
    public const long MaxBytes = 1L << 28;

    // Notes keep their em dashes and '+' as they are, so a person reading the file sees the signed text.
    private static readonly BundleJson Relaxed = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    public static string Write(AuditBundle bundle) => JsonSerializer.Serialize(bundle, Relaxed.AuditBundle);

    public static Task WriteAsync(Stream stream, AuditBundle bundle, CancellationToken cancellationToken) =>
        JsonSerializer.SerializeAsync(stream, bundle, Relaxed.AuditBundle, cancellationToken);

    /// <exception cref="BundleException">The text is not a bundle: its place is "line L, $.json.path".</exception>
    public static AuditBundle Read(string json) => Read(() => JsonSerializer.Deserialize(json, Default.AuditBundle));

    /// <summary>Reads UTF-8 from a stream, without holding the text as well as the bundle (a file of millions of leaves).</summary>
    /// <exception cref="BundleException">The bytes are not a bundle: its place is "line L, $.json.path".</exception>
    public static AuditBundle Read(Stream utf8) => Read(() => JsonSerializer.Deserialize(utf8, Default.AuditBundle));

    private static AuditBundle Read(Func<AuditBundle?> deserialize)
    {
        try
        {
            return deserialize() ?? throw new BundleException("$", "is null, not a bundle.");
        }
        catch (JsonException ex)
        {
            var line = ex.LineNumber is { } l ? $"line {l + 1}, " : string.Empty;
            // The serializer's message repeats the path and the position; its first sentence is the problem.
            var message = ex.Message.Split(" Path:", 2)[0];
            if (message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal))
            {
                // The serializer names the type it was filling, which says nothing to an auditor.
                message = "the value is not of the type the bundle format has here.";
            }

            throw new BundleException($"{line}{ex.Path ?? "$"}", message);
        }
    }
}
