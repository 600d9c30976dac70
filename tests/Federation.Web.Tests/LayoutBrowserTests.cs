using Federation.Node.Public;

namespace Federation.Web.Tests;

/// <summary>
/// The shared layout in a real browser: each language renders with its lang and direction, the pages need no
/// JavaScript, and the Content-Security-Policy is enforced by the browser, not only sent.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class LayoutBrowserTests(BrowserFixture browser, PublicNodeFixture node) : IClassFixture<PublicNodeFixture>
{
    [Fact]
    public async Task Home_EveryLanguage_LangDirAndNoConsoleErrors()
    {
        foreach (var lang in PublicCultures.All)
        {
            await using var session = await browser.OpenAsync(node.BaseAddress);

            var response = await session.Page.GotoAsync($"/{lang}/");

            Assert.Equal(200, response!.Status);
            Assert.Equal(lang, await session.Page.Locator("html").GetAttributeAsync("lang"));
            Assert.Equal(PublicCultures.IsRightToLeft(lang) ? "rtl" : "ltr", await session.Page.Locator("html").GetAttributeAsync("dir"));
            // The browser computes the direction from the markup: Arabic really is laid out right to left.
            var direction = await session.Page.EvaluateAsync<string>("() => getComputedStyle(document.querySelector('main')).direction");
            Assert.Equal(PublicCultures.IsRightToLeft(lang) ? "rtl" : "ltr", direction);
            Assert.Empty(session.CspViolations);
            await session.ScreenshotAsync($"home-{lang}");
        }
    }

    [Fact]
    public async Task Home_WithoutJavaScript_NavigatesByKeyboardToAnotherLanguage()
    {
        await using var session = await browser.OpenAsync(node.BaseAddress, javaScript: false);
        await session.Page.GotoAsync("/en/");

        // The language switcher is an ordinary link: reachable and followed with the keyboard alone.
        var arabic = session.Page.Locator("a[hreflang=ar]");
        await arabic.FocusAsync();
        Assert.Equal("ar", await session.Page.EvaluateAsync<string>("() => document.activeElement.getAttribute('hreflang')"));
        // One wait for the URL and the new document's DOMContentLoaded together, armed before the key: a separate load-state
        // wait after the commit timed out once in CI (45 s, the old page's events already fired) on a loaded machine.
        var navigated = session.Page.WaitForURLAsync("**/ar/", new() { WaitUntil = Microsoft.Playwright.WaitUntilState.DOMContentLoaded });
        await session.Page.Keyboard.PressAsync("Enter");
        await navigated;

        Assert.Equal("rtl", await session.Page.Locator("html").GetAttributeAsync("dir"));
    }

    [Fact]
    public async Task InjectedInlineScript_BlockedByTheBrowsersCsp()
    {
        await using var session = await browser.OpenAsync(node.BaseAddress);
        await session.Page.GotoAsync("/en/");

        // As if markup had slipped through encoding: the policy allows no inline script, so it must not run.
        await session.Page.EvaluateAsync(
            "() => { const s = document.createElement('script'); s.textContent = 'document.body.dataset.pwned = \"yes\"'; document.head.appendChild(s); }");
        // The browser reports the violation on the console, asynchronously: wait for the report (bounded), not a fixed time.
        await Federation.Testing.Eventually.UntilAsync(() => Task.FromResult(session.CspViolations), v => v.Count > 0, "Chromium to report the CSP violation");

        Assert.Null(await session.Page.Locator("body").GetAttributeAsync("data-pwned"));
    }
}
