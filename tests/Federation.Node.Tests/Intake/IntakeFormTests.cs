using System.Net;
using Federation.Core.Cases;
using Federation.Core.Intake;

namespace Federation.Node.Tests.Intake;

/// <summary>The report form and the status page on a real node, posted as a browser without JavaScript posts them.</summary>
public sealed class IntakeFormTests(IntakeNodeFixture fixture) : IClassFixture<IntakeNodeFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("en", "ltr", "Guardrail bypass")]
    [InlineData("fr", "ltr", "Contournement des garde-fous")]
    [InlineData("de", "ltr", "Umgehung der Schutzmechanismen")]
    [InlineData("es", "ltr", "Evasión de salvaguardas")]
    [InlineData("ja", "ltr", "ガードレールの回避")]
    [InlineData("ar", "rtl", "تجاوز ضوابط الحماية")]
    public async Task Form_InEachLanguage_StatementPickListsThenAStoredCaseAndTheTokenOnce(string lang, string dir, string title)
    {
        using var client = fixture.Node.CreatePublicClient();
        var page = await IntakeForm.GetAsync(client, $"{lang}/report");

        Assert.Equal(lang, page.DocumentElement.GetAttribute("lang"));
        Assert.Equal(dir, page.DocumentElement.GetAttribute("dir"));
        Assert.Contains(DevelopmentStatements.All.Single(s => s.Language == lang).SafeHarbour, page.QuerySelector("#policy")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(DevelopmentStatements.Version, IntakeForm.Hidden(page)["Input.PolicyVersion"]);
        Assert.Contains("__af", IntakeForm.Hidden(page).Keys);
        // Every control has a label that names it.
        foreach (var control in page.QuerySelectorAll("form input:not([type=hidden]), form select, form textarea"))
        {
            Assert.NotNull(page.QuerySelector($"label[for='{control.Id}']"));
        }

        Assert.Equal(TaxonomyCatalogueCount(), page.QuerySelectorAll("#Input_TaxonomyClass option[value]:not([value=''])").Length);
        var health = page.QuerySelector("#Input_Sector option[value='health']")!.TextContent;
        Assert.Equal(ExpectedHealth[lang], health);

        var (status, html) = await IntakeForm.PostAsync(client, $"{lang}/report", IntakeForm.Report(page, title, lang));

        Assert.Equal(HttpStatusCode.OK, status);
        var receipt = IntakeForm.Parse(html);
        var token = receipt.QuerySelector("#receipt-token")?.TextContent;
        Assert.Matches("^[A-Za-z0-9_-]{43}$", token);
        var caseId = fixture.Node.Jurisdiction + "-" + html.Split(fixture.Node.Jurisdiction + "-")[1][..26];
        var @case = await fixture.CaseAsync(caseId);
        var report = await fixture.ReportAsync(caseId);
        Assert.Equal((title, Tlp.Red, CaseStatus.New, "finance", "prompt-injection"), (@case.Title, @case.Tlp, @case.Status, @case.Sector, @case.TaxonomyClass));
        Assert.Equal([ConsentScope.ShareReporter, ConsentScope.ShareSummary], @case.ConsentScopes);
        Assert.Equal(lang, report.Language);
        Assert.Equal(lang, report.FieldLanguages["title"]);
        Assert.Equal(DevelopmentStatements.Version, report.PolicyVersion);

        // The token is not shown again: the form page and the status page never print it.
        var again = await client.GetStringAsync($"{lang}/report", Ct);
        Assert.DoesNotContain(token!, again, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Form_WithoutAntiforgeryToken_400AndNothingStored()
    {
        using var client = fixture.Node.CreatePublicClient();
        var page = await IntakeForm.GetAsync(client, "en/report");
        var fields = IntakeForm.Report(page, "No token");
        fields.Remove("__af");
        var before = await fixture.CaseCountAsync();

        var (status, _) = await IntakeForm.PostAsync(client, "en/report", fields);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(before, await fixture.CaseCountAsync());
    }

    [Fact]
    public async Task Form_HoneypotFilled_LooksAcceptedButNothingStored()
    {
        using var client = fixture.Node.CreatePublicClient();
        var page = await IntakeForm.GetAsync(client, "en/report");
        var fields = IntakeForm.Report(page, "Bot report");
        fields["website"] = "https://spam.example";
        var before = await fixture.CaseCountAsync();

        var (status, html) = await IntakeForm.PostAsync(client, "en/report", fields);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.NotNull(IntakeForm.Parse(html).QuerySelector("#receipt-token"));
        Assert.Equal(before, await fixture.CaseCountAsync());
        // Hidden by the stylesheet, not by an inline style the CSP would refuse.
        Assert.Equal("hp", page.QuerySelector("#website")!.ParentElement!.ClassName);
        Assert.Null(page.QuerySelector("[style]"));
    }

    [Fact]
    public async Task Form_OversizedField_MessageNamingFieldAndLimitAndNothingStored()
    {
        using var client = fixture.Node.CreatePublicClient();
        var page = await IntakeForm.GetAsync(client, "fr/report");
        var fields = IntakeForm.Report(page, new string('t', IntakeLimits.Title + 5), "fr");
        var before = await fixture.CaseCountAsync();

        var (status, html) = await IntakeForm.PostAsync(client, "fr/report", fields);

        Assert.Equal(HttpStatusCode.OK, status);
        var error = IntakeForm.Parse(html).QuerySelector("#Input_Title-error")!.TextContent;
        Assert.Equal($"Titre compte {IntakeLimits.Title + 5} caractères ; {IntakeLimits.Title} au plus sont permis.", error);
        Assert.Equal(before, await fixture.CaseCountAsync());
    }

    [Fact]
    public async Task Form_PolicyNotAccepted_MessageAndNothingStored()
    {
        using var client = fixture.Node.CreatePublicClient();
        var page = await IntakeForm.GetAsync(client, "en/report");
        var fields = IntakeForm.Report(page, "Not accepted");
        fields.Remove("Input.AcceptPolicy");
        var before = await fixture.CaseCountAsync();

        var (_, html) = await IntakeForm.PostAsync(client, "en/report", fields);

        Assert.NotNull(IntakeForm.Parse(html).QuerySelector("#Input_AcceptPolicy-error"));
        Assert.Equal(before, await fixture.CaseCountAsync());
    }

    [Fact]
    public async Task Form_OutdatedPolicyVersion_AskedToAcceptAgainAndNothingStored()
    {
        using var client = fixture.Node.CreatePublicClient();
        var page = await IntakeForm.GetAsync(client, "de/report");
        var fields = IntakeForm.Report(page, "Alte Fassung", "de");
        fields["Input.PolicyVersion"] = "2020-1";
        var before = await fixture.CaseCountAsync();

        var (_, html) = await IntakeForm.PostAsync(client, "de/report", fields);

        Assert.Contains("Die Erklärung hat sich geändert", IntakeForm.Parse(html).QuerySelector("#Input_AcceptPolicy-error")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(before, await fixture.CaseCountAsync());
    }

    [Theory]
    [InlineData("xx/report")]
    [InlineData("EN/report")]
    [InlineData("tlh/report/status")]
    public async Task Page_UnknownLanguage_404(string path)
    {
        using var client = fixture.Node.CreatePublicClient();

        using var response = await client.GetAsync(path, Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task StatusPage_InjectedMarkup_ShownEncodedNeverAsMarkup()
    {
        using var client = fixture.Node.CreatePublicClient();
        const string Script = "<script>alert('x')</script><img src=x onerror=alert(1)>";
        var report = IntakeRequests.Report(title: Script);
        var (caseId, token) = await IntakeRequests.SubmitOkAsync(client, report);
        await fixture.Node.AdminClient().Intake.ReplyAsync(new Contracts.V1.IntakeReplyRequest { FederationCaseId = caseId, Text = "</li><script>evil()</script>" }, cancellationToken: Ct);

        var html = await ShowStatusAsync(client, "en", token);

        Assert.DoesNotContain("<script>", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img src=x", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;", html, StringComparison.Ordinal);
        var page = IntakeForm.Parse(html);
        Assert.Equal(Script, page.QuerySelector("main h2")!.TextContent);
        Assert.Empty(page.QuerySelectorAll("main script, main img"));
    }

    [Fact]
    public async Task StatusPage_Token_OnlyThatReportThreadBothSidesAndReporterWrites()
    {
        using var client = fixture.Node.CreatePublicClient();
        var (caseId, token) = await IntakeRequests.SubmitOkAsync(client, IntakeRequests.Report("ar", "بلاغي"));
        await IntakeRequests.SubmitOkAsync(client, IntakeRequests.Report("ar", "بلاغ شخص آخر"));
        await fixture.Node.AdminClient().Intake.ReplyAsync(new Contracts.V1.IntakeReplyRequest { FederationCaseId = caseId, Text = "شكرًا، نحن نراجع البلاغ." }, cancellationToken: Ct);

        var shown = IntakeForm.Parse(await ShowStatusAsync(client, "ar", token));
        var fields = new Dictionary<string, string>(IntakeForm.Hidden(shown), StringComparer.Ordinal) { ["Message"] = "هل من جديد؟" };
        var (status, afterHtml) = await IntakeForm.PostAsync(client, IntakeForm.Action(shown, "ar/report/status"), fields);
        var after = IntakeForm.Parse(afterHtml);

        Assert.Equal("rtl", shown.DocumentElement.GetAttribute("dir"));
        Assert.Equal("بلاغي", shown.QuerySelector("main h2")!.TextContent);
        Assert.DoesNotContain("بلاغ شخص آخر", shown.DocumentElement.OuterHtml, StringComparison.Ordinal);
        Assert.Equal("received", shown.QuerySelector("#stage")!.GetAttribute("data-stage"));
        Assert.Equal(HttpStatusCode.OK, status);
        var thread = after.QuerySelectorAll(".thread li").Select(li => (li.ClassName, li.QuerySelector(".body")!.TextContent)).ToList();
        Assert.Equal([("authority", "شكرًا، نحن نراجع البلاغ."), ("reporter", "هل من جديد؟")], thread);
        var detail = await fixture.Node.AdminClient().Intake.GetReportAsync(new Contracts.V1.GetIntakeReportRequest { FederationCaseId = caseId }, cancellationToken: Ct);
        Assert.Equal(Contracts.V1.IntakeSide.Reporter, detail.Messages[^1].Side);
        Assert.Equal("ar", detail.Messages[^1].Language);
    }

    [Fact]
    public async Task StatusPage_WrongToken_NotFoundMessageAndTokenNotInUrl()
    {
        using var client = fixture.Node.CreatePublicClient();

        var html = await ShowStatusAsync(client, "en", ReceiptToken.New().Token);

        Assert.Contains("No report matches this token.", IntakeForm.Parse(html).QuerySelector("[role=alert]")!.TextContent, StringComparison.Ordinal);
        var form = IntakeForm.Parse(await client.GetStringAsync("en/report/status", Ct)).QuerySelector("form[method=post]")!;
        Assert.Null(form.QuerySelector("input[name=Token][type=text]"));
        Assert.Equal("password", form.QuerySelector("input[name=Token]")!.GetAttribute("type"));
    }

    private static async Task<string> ShowStatusAsync(HttpClient client, string lang, string token)
    {
        var page = await IntakeForm.GetAsync(client, $"{lang}/report/status");
        var fields = new Dictionary<string, string>(IntakeForm.Hidden(page), StringComparer.Ordinal) { ["Token"] = token };
        var (status, html) = await IntakeForm.PostAsync(client, $"{lang}/report/status", fields);
        Assert.Equal(HttpStatusCode.OK, status);
        return html;
    }

    private static int TaxonomyCatalogueCount() => Federation.Core.Taxonomy.TaxonomyCatalogue.Default.AttackClasses.Count;

    private static readonly Dictionary<string, string> ExpectedHealth = new(StringComparer.Ordinal)
    {
        ["en"] = "Health", ["fr"] = "Santé", ["de"] = "Gesundheit", ["es"] = "Salud", ["ja"] = "医療", ["ar"] = "الصحة",
    };
}
