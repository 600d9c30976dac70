namespace Federation.Web.Tests;

/// <summary>The public dashboard in a real browser: English and Arabic (right to left), charts with text alternatives, no CSP violation.</summary>
[Collection(BrowserCollection.Name)]
public sealed class DashboardBrowserTests(BrowserFixture browser, DashboardBrowserFixture node) : IClassFixture<DashboardBrowserFixture>
{
    [Theory]
    [InlineData("en", "ltr")]
    [InlineData("ar", "rtl")]
    [InlineData("ja", "ltr")]
    public async Task Dashboard_Renders_ChartsWithTextAlternatives_PublishedCasesOnly_NoCspViolation(string lang, string dir)
    {
        await using var session = await browser.OpenAsync(node.BaseAddress);

        var response = await session.Page.GotoAsync($"/{lang}/dashboard");

        Assert.Equal(200, response!.Status);
        Assert.Equal(dir, await session.Page.EvaluateAsync<string>("() => getComputedStyle(document.querySelector('main')).direction"));
        // The stylesheet applied (the CSP lets /static through): key figures are laid out as flex boxes.
        Assert.Equal("flex", await session.Page.EvaluateAsync<string>("() => getComputedStyle(document.querySelector('.key-figures')).display"));
        var charts = session.Page.Locator("svg[role=img]");
        Assert.Equal(3, await charts.CountAsync());
        for (var i = 0; i < 3; i++)
        {
            Assert.NotEmpty((await charts.Nth(i).Locator("title").First.TextContentAsync())!.Trim());
            Assert.NotEmpty((await charts.Nth(i).Locator("desc").TextContentAsync())!.Trim());
        }

        Assert.Equal(node.PublishedIds.Count, await session.Page.Locator("article.case").CountAsync());
        Assert.DoesNotContain(DashboardBrowserFixture.UnpublishedTitle, await session.Page.ContentAsync(), StringComparison.Ordinal);
        Assert.Empty(session.CspViolations);
        await session.ScreenshotAsync($"dashboard-{lang}");
    }

    [Fact]
    public async Task CasePage_WithoutJavaScript_FollowedFromTheList_ShowsTheTimeline()
    {
        await using var session = await browser.OpenAsync(node.BaseAddress, javaScript: false);
        await session.Page.GotoAsync("/fr/dashboard");

        await session.Page.Locator($"article[data-case-id='{node.PublishedIds[0]}'] h3 a").ClickAsync();
        await session.Page.WaitForURLAsync($"**/fr/dashboard/cases/{node.PublishedIds[0]}");

        Assert.Equal(1, await session.Page.Locator("h1").CountAsync());
        Assert.True(await session.Page.Locator("ol.timeline li").CountAsync() >= 2);
        Assert.Empty(session.CspViolations);
        await session.ScreenshotAsync("dashboard-case-fr");

        // The same case page in Arabic, through the language switcher: right to left.
        await session.Page.Locator("a[hreflang=ar]").ClickAsync();
        await session.Page.WaitForURLAsync($"**/ar/dashboard/cases/{node.PublishedIds[0]}");
        Assert.Equal("rtl", await session.Page.Locator("html").GetAttributeAsync("dir"));
        Assert.Empty(session.CspViolations);
        await session.ScreenshotAsync("dashboard-case-ar");
    }
}
