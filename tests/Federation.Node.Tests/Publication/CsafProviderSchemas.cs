using System.Text.Json.Nodes;
using Json.Schema;

namespace Federation.Node.Tests.Publication;

/// <summary>
/// The OASIS CSAF 2.0 provider-metadata and ROLIE feed schemas (Publication/schemas/README.md), with the CSAF document
/// schema (whose publisher the metadata schema references) and FIRST's CVSS schemas registered offline.
/// </summary>
internal static class CsafProviderSchemas
{
    private static readonly Lazy<(JsonSchema Provider, JsonSchema Feed, EvaluationOptions Options)> Schemas = new(Load);

    public static List<string> ProviderErrors(JsonNode? metadata) => Errors(Schemas.Value.Provider, metadata);

    public static List<string> FeedErrors(JsonNode? feed) => Errors(Schemas.Value.Feed, feed);

    private static List<string> Errors(JsonSchema schema, JsonNode? document)
    {
        var results = schema.Evaluate(document, Schemas.Value.Options);
        return results.IsValid
            ? []
            : [.. results.Details.Where(d => d.HasErrors).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"))];
    }

    private static (JsonSchema, JsonSchema, EvaluationOptions) Load()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "Publication", "schemas");
        var options = new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true };
        foreach (var version in new[] { "2.0", "3.0", "3.1" })
        {
            var cvss = JsonSchema.FromFile(Path.Combine(folder, $"cvss-v{version}.json"));
            options.SchemaRegistry.Register(cvss);
            options.SchemaRegistry.Register(new Uri($"https://www.first.org/cvss/cvss-v{version}.json"), cvss);
        }

        options.SchemaRegistry.Register(JsonSchema.FromFile(Path.Combine(folder, "csaf_json_schema.json")));
        return (JsonSchema.FromFile(Path.Combine(folder, "provider_json_schema.json")),
            JsonSchema.FromFile(Path.Combine(folder, "ROLIE_feed_json_schema.json")), options);
    }
}
