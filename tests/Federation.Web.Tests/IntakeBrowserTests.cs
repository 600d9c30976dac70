using Federation.Core.Cases;
using Federation.Node.Public;

namespace Federation.Web.Tests;

/// <summary>
/// Researcher intake in a real browser with JavaScript off (the pages must not need it): the form in each of the six
/// languages, the receipt token, then the status page followed with that token. Screenshots of each step.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class IntakeBrowserTests(BrowserFixture browser, IntakeNodeFixture node) : IClassFixture<IntakeNodeFixture>
{
    private static readonly Dictionary<string, string> Titles = new(StringComparer.Ordinal)
    {
        ["en"] = "Guardrail bypass in TriageBot",
        ["fr"] = "Contournement des garde-fous de TriageBot",
        ["de"] = "Umgehung der Schutzmechanismen von TriageBot",
        ["es"] = "Evasión de las salvaguardas de TriageBot",
        ["ja"] = "TriageBotのガードレール回避",
        ["ar"] = "تجاوز ضوابط الحماية في TriageBot",
    };

    [Fact]
    public async Task Report_InEachLanguage_StoredCaseThenStatusFollowedWithTheToken()
    {
        foreach (var lang in PublicCultures.All)
        {
            await using var session = await browser.OpenAsync(node.BaseAddress, javaScript: false);
            var page = session.Page;
            var rtl = PublicCultures.IsRightToLeft(lang) ? "rtl" : "ltr";

            await page.GotoAsync($"/{lang}/report");
            Assert.Equal(rtl, await page.Locator("html").GetAttributeAsync("dir"));
            Assert.Equal(rtl, await page.EvaluateAsync<string>("() => getComputedStyle(document.querySelector('form')).direction"));
            await session.ScreenshotAsync($"intake-report-{lang}");
            await page.FillAsync("#Input_Title", Titles[lang]);
            await page.FillAsync("#Input_Synopsis", "A crafted prompt makes the assistant ignore its guardrails.");
            await page.SelectOptionAsync("#Input_Sector", "health");
            await page.SelectOptionAsync("#Input_TaxonomyClass", "llm-jailbreak");
            await page.CheckAsync("#Input_ShareSummary");
            await page.CheckAsync("#Input_AcceptPolicy");
            // The honeypot is there for bots and invisible to people.
            var trap = await page.Locator("#website").BoundingBoxAsync();
            Assert.True(trap is null || trap.X + trap.Width <= 0 || trap.X >= 1100, $"the honeypot is on screen at x={trap?.X}");
            await page.ClickAsync("button[type=submit]");

            var token = (await page.Locator("#receipt-token").TextContentAsync())!.Trim();
            Assert.Matches("^[A-Za-z0-9_-]{43}$", token);
            await session.ScreenshotAsync($"intake-receipt-{lang}");
            var stored = await node.FindCaseByTitleAsync(Titles[lang]);
            Assert.NotNull(stored);
            Assert.Equal((Tlp.Red, CaseStatus.New, "health"), (stored.Tlp, stored.Status, stored.Sector));
            Assert.Empty(session.CspViolations);

            await page.GotoAsync($"/{lang}/report/status");
            Assert.DoesNotContain(token, page.Url, StringComparison.Ordinal);
            await page.FillAsync("#Token", token);
            await page.ClickAsync("button[type=submit]");
            Assert.Equal(Titles[lang], (await page.Locator("main h2").First.TextContentAsync())!.Trim());
            Assert.Equal("received", await page.Locator("#stage").GetAttributeAsync("data-stage"));
            Assert.DoesNotContain(token, page.Url, StringComparison.Ordinal);
            await session.ScreenshotAsync($"intake-status-{lang}");
        }
    }

    [Fact]
    public async Task Status_ReplyFromTheAuthority_ShownAndTheReporterAnswers()
    {
        await using var session = await browser.OpenAsync(node.BaseAddress, javaScript: false);
        var page = session.Page;
        await page.GotoAsync("/ar/report");
        await page.FillAsync("#Input_Title", "بلاغ مع رسائل");
        await page.CheckAsync("#Input_AcceptPolicy");
        await page.ClickAsync("button[type=submit]");
        var token = (await page.Locator("#receipt-token").TextContentAsync())!.Trim();
        var stored = await node.FindCaseByTitleAsync("بلاغ مع رسائل");
        await node.Node.AdminClient().Intake.ReplyAsync(new Contracts.V1.IntakeReplyRequest { FederationCaseId = stored!.Id, Text = "شكرًا، نحن نراجع البلاغ." },
            cancellationToken: TestContext.Current.CancellationToken);

        await page.GotoAsync("/ar/report/status");
        await page.FillAsync("#Token", token);
        await page.ClickAsync("button[type=submit]");
        await page.FillAsync("#Message", "هل تحتاجون إلى مزيد من التفاصيل؟");
        await page.ClickAsync("form:has(#Message) button[type=submit]");

        var thread = await page.Locator(".thread li .body").AllTextContentsAsync();
        Assert.Equal(["شكرًا، نحن نراجع البلاغ.", "هل تحتاجون إلى مزيد من التفاصيل؟"], thread);
        await session.ScreenshotAsync("intake-thread-ar");
    }
}
