using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Federation.Node.Public;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;

namespace Federation.Node.Tests.Dashboard;

/// <summary>The dashboard page, the case page and the JSON feed through a real node's public listener.</summary>
public sealed partial class DashboardPageTests(DashboardNodeFixture fixture) : IClassFixture<DashboardNodeFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private DashboardNode Dashboard => fixture.Dashboard;

    [Theory]
    [InlineData("en", "ltr")]
    [InlineData("fr", "ltr")]
    [InlineData("de", "ltr")]
    [InlineData("es", "ltr")]
    [InlineData("ja", "ltr")]
    [InlineData("ar", "rtl")]
    public async Task Page_EachLanguage_TranslatedWithLangAndDir_OnlyThePublishedCase(string lang, string dir)
    {
        using var client = Dashboard.Node.CreatePublicClient();

        using var response = await client.GetAsync($"{lang}/dashboard", Ct);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(Ct));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains($"<html lang=\"{lang}\" dir=\"{dir}\">", html, StringComparison.Ordinal);
        Assert.Contains($"<h1>{Text(lang, "Title")}</h1>", html, StringComparison.Ordinal);
        Assert.Contains(Text(lang, "UnpublishedRule"), html, StringComparison.Ordinal);
        Assert.Contains(DashboardNode.PublishedTitle, html, StringComparison.Ordinal);
        Assert.Contains(Dashboard.PublishedId, html, StringComparison.Ordinal);
        Assert.Contains(Text(lang, "RemediationVendorFix"), html, StringComparison.Ordinal);
        Assert.Contains(Text(lang, "RegimeCra"), html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/.well-known/csaf/white/{Dashboard.ScheduledAt.UtcDateTime.Year}/{Dashboard.PublishedId.ToLowerInvariant()}.json\"", html, StringComparison.Ordinal);
        Assert.Contains("<link rel=\"stylesheet\" href=\"/static/dashboard.css\">", html, StringComparison.Ordinal);
        foreach (var hidden in new[] { DashboardNode.UnpublishedTitle, Dashboard.UnpublishedId, DashboardNode.ScheduledTitle, Dashboard.ScheduledId })
        {
            Assert.DoesNotContain(hidden, html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Page_Charts_SvgWithRoleTitleDescAndADataTable_NoInlineStyleAnywhere()
    {
        using var client = Dashboard.Node.CreatePublicClient();

        var html = await client.GetStringAsync("en/dashboard", Ct);
        var detail = await client.GetStringAsync($"en/dashboard/cases/{Dashboard.PublishedId}", Ct);

        var charts = SvgPattern().Matches(html);
        Assert.Equal(3, charts.Count);
        foreach (Match chart in charts)
        {
            var svg = chart.Value;
            Assert.Contains("role=\"img\"", svg, StringComparison.Ordinal);
            var labelled = AriaLabelledBy().Match(svg).Groups[1].Value.Split(' ');
            Assert.Equal(2, labelled.Length);
            Assert.Contains($"<title id=\"{labelled[0]}\">", svg, StringComparison.Ordinal);
            Assert.Contains($"<desc id=\"{labelled[1]}\">", svg, StringComparison.Ordinal);
        }

        Assert.Equal(4, Regex.Count(html, "<table class=\"data\">"));
        // SVG lengths are invariant numbers in every language: "12,5" (French, Arabic decimals) is no SVG length.
        foreach (var lang in new[] { "fr", "de", "ar" })
        {
            var localized = await client.GetStringAsync($"{lang}/dashboard", Ct);
            var lengths = SvgLength().Matches(string.Concat(SvgPattern().Matches(localized).Select(m => m.Value)));
            Assert.NotEmpty(lengths);
            Assert.All(lengths, m => Assert.Matches(@"^(\d+(\.\d+)?|100%)$", m.Groups[2].Value));
        }
        // The CSP allows no inline style: neither a style attribute nor a style element may appear.
        foreach (var page in new[] { html, detail })
        {
            Assert.DoesNotMatch(InlineStyle(), page);
            Assert.DoesNotContain("<script", page, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task Feed_SameFiguresAndCasesAsThePage_UnpublishedOnlyBucketed()
    {
        using var client = Dashboard.Node.CreatePublicClient();

        using var response = await client.GetAsync("api/v1/dashboard.json", Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        var html = await client.GetStringAsync("en/dashboard", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(text);
        var root = json.RootElement;
        var figures = root.GetProperty("figures");
        var cases = root.GetProperty("cases");
        Assert.Equal(1, figures.GetProperty("published").GetInt32());
        Assert.Equal([Dashboard.PublishedId], cases.EnumerateArray().Select(c => c.GetProperty("id").GetString()));
        var shown = cases[0];
        Assert.Equal(("vendor_fix", "critical", "Act"), (shown.GetProperty("remediation").GetString(),
            shown.GetProperty("severity").GetProperty("cvssRating").GetString(), shown.GetProperty("severity").GetProperty("ssvcDecision").GetString()));
        Assert.Equal("prompt-injection", shown.GetProperty("taxonomy").GetProperty("attackClass").GetProperty("id").GetString());
        Assert.Contains($"href=\"{shown.GetProperty("advisory").GetString()}\"", html, StringComparison.Ordinal);
        Assert.Contains($"data-figure=\"published\">{figures.GetProperty("published").GetInt32()}<", html, StringComparison.Ordinal);
        foreach (var quarter in figures.GetProperty("publishedPerQuarter").EnumerateArray())
        {
            Assert.Contains($"data-quarter=\"{quarter.GetProperty("quarter").GetString()}\">{quarter.GetProperty("count").GetInt32()}<", html, StringComparison.Ordinal);
        }

        var cra = figures.GetProperty("deadlines").EnumerateArray().Single(d => d.GetProperty("kind").GetString() == "cra");
        Assert.Contains($"<tr data-regime=\"cra\"><th scope=\"row\">EU Cyber Resilience Act (Art. 14)</th><td>{cra.GetProperty("met").GetInt32()}</td><td>{cra.GetProperty("missed").GetInt32()}</td><td>{cra.GetProperty("pending").GetInt32()}</td></tr>", html, StringComparison.Ordinal);
        // Two unpublished cases (one received, one whose advisory is not public yet): only "fewer than 5".
        var unpublished = figures.GetProperty("unpublished");
        foreach (var bucket in new[] { "total", "received", "coordinating", "closedUnpublished" })
        {
            Assert.Equal((0, 4, "fewer than 5"), (unpublished.GetProperty(bucket).GetProperty("min").GetInt32(), unpublished.GetProperty(bucket).GetProperty("max").GetInt32(), unpublished.GetProperty(bucket).GetProperty("label").GetString()));
        }

        Assert.Contains("<td data-bucket=\"total\">fewer than 5</td>", html, StringComparison.Ordinal);
        foreach (var hidden in new[] { DashboardNode.UnpublishedTitle, Dashboard.UnpublishedId, DashboardNode.ScheduledTitle, Dashboard.ScheduledId })
        {
            Assert.DoesNotContain(hidden, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task CasePage_PublishedShown_UnpublishedScheduledAndUnknownAreAllPlain404()
    {
        using var client = Dashboard.Node.CreatePublicClient();

        using var shown = await client.GetAsync($"fr/dashboard/cases/{Dashboard.PublishedId}", Ct);
        var html = WebUtility.HtmlDecode(await shown.Content.ReadAsStringAsync(Ct));

        Assert.Equal(HttpStatusCode.OK, shown.StatusCode);
        Assert.Contains(DashboardNode.PublishedTitle, html, StringComparison.Ordinal);
        Assert.Contains("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", html, StringComparison.Ordinal);
        Assert.Contains(Text("fr", "Timeline"), html, StringComparison.Ordinal);
        foreach (var id in new[] { Dashboard.UnpublishedId, Dashboard.ScheduledId, "FR-01JD3ZQ0000000000000000000", "not-an-id" })
        {
            using var missing = await client.GetAsync($"fr/dashboard/cases/{id}", Ct);
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        }
    }

    [Theory]
    [InlineData("en/dashboard?page=0", HttpStatusCode.BadRequest)]
    [InlineData("en/dashboard?page=abc", HttpStatusCode.BadRequest)]
    [InlineData("en/dashboard?page=-1", HttpStatusCode.BadRequest)]
    [InlineData("en/dashboard?page=99999999999", HttpStatusCode.BadRequest)]
    [InlineData("en/dashboard?page=2", HttpStatusCode.NotFound)]
    [InlineData("xx/dashboard", HttpStatusCode.NotFound)]
    [InlineData("api/v1/dashboard.json?page=0", HttpStatusCode.BadRequest)]
    [InlineData("api/v1/dashboard.json?page=x", HttpStatusCode.BadRequest)]
    [InlineData("api/v1/dashboard.json?page=2", HttpStatusCode.NotFound)]
    [InlineData("en/dashboard?page=1", HttpStatusCode.OK)]
    [InlineData("api/v1/dashboard.json?page=1", HttpStatusCode.OK)]
    [InlineData("static/dashboard.css", HttpStatusCode.OK)]
    public async Task Request_BadOrMissingPage_ClearStatus(string path, HttpStatusCode expected)
    {
        using var client = Dashboard.Node.CreatePublicClient();

        using var response = await client.GetAsync(path, Ct);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal(SecurityHeadersMiddleware.ContentSecurityPolicy, response.Headers.GetValues("Content-Security-Policy").Single());
    }

    private static string Text(string lang, string key)
    {
        var localizer = new ResourceManagerStringLocalizerFactory(Microsoft.Extensions.Options.Options.Create(new LocalizationOptions()), NullLoggerFactory.Instance)
            .Create(typeof(Federation.Node.Public.Resources.DashboardText));
        var previous = System.Globalization.CultureInfo.CurrentUICulture;
        System.Globalization.CultureInfo.CurrentUICulture = System.Globalization.CultureInfo.GetCultureInfo(lang);
        try
        {
            var text = localizer[key];
            Assert.False(text.ResourceNotFound, $"{key} has no text in {lang}");
            return text.Value;
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentUICulture = previous;
        }
    }

    [GeneratedRegex("<svg[^>]*>.*?</svg>", RegexOptions.Singleline)]
    private static partial Regex SvgPattern();

    [GeneratedRegex("\\s(x|y|x1|x2|y1|y2|width|height)=\"([^\"]*)\"")]
    private static partial Regex SvgLength();

    [GeneratedRegex("aria-labelledby=\"([^\"]+)\"")]
    private static partial Regex AriaLabelledBy();

    [GeneratedRegex(@"<[^>]+\sstyle\s*=|<style[\s>]", RegexOptions.IgnoreCase)]
    private static partial Regex InlineStyle();
}
