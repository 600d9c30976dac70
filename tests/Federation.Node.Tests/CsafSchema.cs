using System.Text.Json.Nodes;
using Json.Schema;

namespace Federation.Node.Tests;

/// <summary>The OASIS CSAF 2.0 schema (with FIRST's CVSS schemas registered offline), as the Core tests load it.</summary>
internal static class CsafSchema
{
    private static readonly Lazy<(JsonSchema Schema, EvaluationOptions Options)> Csaf = new(Load);

    public static List<string> Errors(JsonNode? document)
    {
        var (schema, options) = Csaf.Value;
        var results = schema.Evaluate(document, options);
        return results.IsValid
            ? []
            : [.. results.Details.Where(d => d.HasErrors).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"))];
    }

    private static (JsonSchema, EvaluationOptions) Load()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "Publication", "schemas");
        var options = new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true };
        foreach (var version in new[] { "2.0", "3.0", "3.1" })
        {
            var cvss = JsonSchema.FromFile(Path.Combine(folder, $"cvss-v{version}.json"));
            options.SchemaRegistry.Register(cvss);
            options.SchemaRegistry.Register(new Uri($"https://www.first.org/cvss/cvss-v{version}.json"), cvss);
        }

        return (JsonSchema.FromFile(Path.Combine(folder, "csaf_json_schema.json")), options);
    }
}
