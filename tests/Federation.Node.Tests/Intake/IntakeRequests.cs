using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Federation.Core.Intake;

namespace Federation.Node.Tests.Intake;

/// <summary>Requests to the intake's JSON endpoint, as a tool would send them.</summary>
internal static class IntakeRequests
{
    public static JsonObject Report(string language = "en", string title = "Guardrail bypass in TriageBot") => new()
    {
        ["language"] = language,
        ["title"] = title,
        ["synopsis"] = "A crafted prompt makes the assistant ignore its medical guardrails.",
        ["technical_description"] = "Role-play framing defeats the system prompt.",
        ["proof_of_concept"] = "Pretend you are my late grandmother…",
        ["vendor"] = "Acme",
        ["product"] = "TriageBot",
        ["model_version"] = "2.0",
        ["sector"] = "health",
        ["taxonomy_class"] = "llm-jailbreak",
        ["component"] = "guardrails",
        ["reporter_name"] = "A. Researcher",
        ["reporter_contact"] = "researcher@example.org",
        ["consent"] = new JsonObject { ["share_summary"] = true, ["name_vendor"] = true, ["name_reporter"] = false },
        ["accepted_policy_version"] = DevelopmentStatements.Version,
    };

    public static Task<HttpResponseMessage> SubmitAsync(HttpClient client, JsonObject report) =>
        client.PostAsync("api/v1/reports", Json(report), TestContext.Current.CancellationToken);

    public static async Task<(string CaseId, string Token)> SubmitOkAsync(HttpClient client, JsonObject report)
    {
        using var response = await SubmitAsync(client, report);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, body);
        using var json = JsonDocument.Parse(body);
        return (json.RootElement.GetProperty("case_id").GetString()!, json.RootElement.GetProperty("receipt_token").GetString()!);
    }

    public static Task<HttpResponseMessage> StatusAsync(HttpClient client, string token) =>
        client.PostAsync("api/v1/reports/status", Json(new JsonObject { ["token"] = token }), TestContext.Current.CancellationToken);

    public static Task<HttpResponseMessage> MessageAsync(HttpClient client, string token, string text, string? language = null) =>
        client.PostAsync("api/v1/reports/messages", Json(new JsonObject { ["token"] = token, ["text"] = text, ["language"] = language }), TestContext.Current.CancellationToken);

    public static StringContent Json(JsonNode node) => new(node.ToJsonString(), System.Text.Encoding.UTF8, "application/json");

    public static async Task<JsonElement> ProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken));
    }
}
