using System.Text.Json.Nodes;
using Federation.Core.Publication;
using Json.Schema;

namespace Federation.Core.Tests.Publication;

/// <summary>Every advisory the builder makes is valid against the OASIS CSAF 2.0 schema (schemas/README.md names its source).</summary>
public sealed class CsafSchemaTests
{
    private static readonly Lazy<(JsonSchema Schema, EvaluationOptions Options)> Csaf = new(Load);

    public static TheoryData<string> Names() => [.. AdvisoryBuilders.Representative().Select(d => d.Name)];

    [Theory]
    [MemberData(nameof(Names))]
    public void Representative_Advisory_ValidAgainstTheCsaf20Schema(string name)
    {
        var advisory = AdvisoryBuilders.Representative().Single(d => d.Name == name).Advisory;

        var errors = Errors(JsonNode.Parse(advisory.Utf8Json));

        Assert.True(errors.Count == 0, $"{name}: {string.Join("; ", errors)}");
    }

    // The schema check can fail, and it is why CVSS v4.0 goes in a note: FIRST's cvss_v3 schema rejects a 4.0 vector.
    [Fact]
    public void CvssV4VectorInCvssV3_Invalid()
    {
        var errors = Errors(WithCvssV3("3.1", "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", 9.3));

        Assert.Contains(errors, e => e.Contains("/cvss_v3", StringComparison.Ordinal));
    }

    // The same place with a real 3.1 vector passes: the failure above is the vector's, not an unresolved reference.
    [Fact]
    public void CvssV31VectorInCvssV3_Valid()
    {
        var errors = Errors(WithCvssV3("3.1", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8));

        Assert.True(errors.Count == 0, string.Join("; ", errors));
    }

    private static JsonNode WithCvssV3(string version, string vector, double score)
    {
        var document = JsonNode.Parse(CsafAdvisoryBuilder.Build(AdvisoryBuilders.PublishedCase(), AdvisoryBuilders.NewPublication()).Utf8Json)!;
        document["vulnerabilities"]![0]!["scores"] = new JsonArray(new JsonObject
        {
            ["products"] = new JsonArray(CsafAdvisoryBuilder.ProductId),
            ["cvss_v3"] = new JsonObject
            {
                ["version"] = version,
                ["vectorString"] = vector,
                ["baseScore"] = score,
                ["baseSeverity"] = "CRITICAL",
            },
        });
        return document;
    }

    [Fact]
    public void TlpClearSpelledTheTlp2Way_Invalid()
    {
        var document = JsonNode.Parse(CsafAdvisoryBuilder.Build(AdvisoryBuilders.PublishedCase(), AdvisoryBuilders.NewPublication()).Utf8Json)!;
        document["document"]!["distribution"]!["tlp"]!["label"] = "CLEAR";

        Assert.NotEmpty(Errors(document));
    }

    internal static List<string> Errors(JsonNode? document)
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
        var options = new EvaluationOptions
        {
            OutputFormat = OutputFormat.List,
            // CSAF relies on formats (date-time, uri, email): check them, not only note them.
            RequireFormatValidation = true,
        };

        // The CSAF schema refers to FIRST's CVSS schemas by URL; no network here, so they are registered from files
        // under the URL CSAF uses (their own $id carries a date query).
        foreach (var version in new[] { "2.0", "3.0", "3.1" })
        {
            var cvss = JsonSchema.FromFile(Path.Combine(folder, $"cvss-v{version}.json"));
            options.SchemaRegistry.Register(cvss);
            options.SchemaRegistry.Register(new Uri($"https://www.first.org/cvss/cvss-v{version}.json"), cvss);
        }

        return (JsonSchema.FromFile(Path.Combine(folder, "csaf_json_schema.json")), options);
    }
}
