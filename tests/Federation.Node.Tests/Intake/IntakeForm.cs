using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace Federation.Node.Tests.Intake;

/// <summary>A browser's part in posting the intake forms: read the page, keep its hidden fields (antiforgery, policy version), post.</summary>
internal static class IntakeForm
{
    private static readonly HtmlParser Parser = new();

    public static async Task<IHtmlDocument> GetAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path, TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode}");
        return await Parser.ParseDocumentAsync(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    public static IHtmlDocument Parse(string html) => Parser.ParseDocument(html);

    /// <summary>The hidden fields of the page's <paramref name="index"/>th POST form, as a browser would send them.</summary>
    public static Dictionary<string, string> Hidden(IHtmlDocument page, int index = 0)
    {
        var form = page.QuerySelectorAll("form[method=post]").OfType<IHtmlFormElement>().ElementAt(index);
        return form.QuerySelectorAll("input[type=hidden]").OfType<IHtmlInputElement>().ToDictionary(i => i.Name!, i => i.Value, StringComparer.Ordinal);
    }

    public static string Action(IHtmlDocument page, string path, int index = 0)
    {
        var action = page.QuerySelectorAll("form[method=post]").OfType<IHtmlFormElement>().ElementAt(index).GetAttribute("action");
        return string.IsNullOrEmpty(action) ? path : action.TrimStart('/');
    }

    public static async Task<(System.Net.HttpStatusCode Status, string Html)> PostAsync(
        HttpClient client, string path, IDictionary<string, string> fields, IEnumerable<(string Name, string FileName, string Type, byte[] Content)>? files = null)
    {
        using var content = new MultipartFormDataContent();
        foreach (var (name, value) in fields)
        {
            content.Add(new StringContent(value), name);
        }

        foreach (var (name, fileName, type, bytes) in files ?? [])
        {
            var file = new ByteArrayContent(bytes);
            file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(type);
            content.Add(file, name, fileName);
        }

        using var response = await client.PostAsync(path, content, TestContext.Current.CancellationToken);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    /// <summary>A filled report form for <paramref name="page"/>: its hidden fields, the text fields, consent, the policy accepted.</summary>
    public static Dictionary<string, string> Report(IHtmlDocument page, string title, string lang = "en") => new(Hidden(page), StringComparer.Ordinal)
    {
        ["Input.Title"] = title,
        ["Input.Synopsis"] = $"Synopsis ({lang})",
        ["Input.Vendor"] = "Acme",
        ["Input.Product"] = "TriageBot",
        ["Input.Sector"] = "finance",
        ["Input.TaxonomyClass"] = "prompt-injection",
        ["Input.Component"] = "system-prompt",
        ["Input.ShareSummary"] = "true",
        ["Input.NameReporter"] = "true",
        ["Input.AcceptPolicy"] = "true",
        ["website"] = string.Empty,
    };
}
