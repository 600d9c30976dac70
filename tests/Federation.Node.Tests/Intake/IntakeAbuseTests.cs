using System.Net;
using Federation.Testing;

namespace Federation.Node.Tests.Intake;

/// <summary>A flood from one address, on a node whose intake limit is small, and security.txt.</summary>
public sealed class IntakeAbuseTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Flood_FromOneAddress_429WithRetryAfterOnApiAndFormAndNothingStoredPastTheLimit()
    {
        await using var federation = await TestFederation.StartAsync(["FR", "DE"], extraSettings: new Dictionary<string, string?>
        {
            ["Federation:Intake:PermitsPerWindow"] = "3",
            ["Federation:Intake:RateLimitWindow"] = "00:10:00",
        }, cancellationToken: Ct);
        var node = federation["FR"];
        using var client = node.CreatePublicClient();
        var page = await IntakeForm.GetAsync(client, "en/report");

        var codes = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await IntakeRequests.SubmitAsync(client, IntakeRequests.Report(title: $"Flood {i}"));
            codes.Add(response.StatusCode);
        }

        using var refused = await IntakeRequests.SubmitAsync(client, IntakeRequests.Report(title: "One too many"));
        var (formStatus, _) = await IntakeForm.PostAsync(client, "en/report", IntakeForm.Report(page, "By the form"));
        var stillReadable = await client.GetAsync("en/report", Ct);

        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.Created], codes);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        var retryAfter = int.Parse(refused.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 600);
        Assert.Contains("Retry-After", (await IntakeRequests.ProblemAsync(refused)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.TooManyRequests, formStatus);
        Assert.Equal(HttpStatusCode.OK, stillReadable.StatusCode);
        var listed = await node.AdminClient().Intake.ListReportsAsync(new Contracts.V1.ListIntakeReportsRequest(), cancellationToken: Ct);
        Assert.Equal(3, listed.Reports.Count);
    }

    [Fact]
    public async Task SecurityTxt_Served_Rfc9116FieldsAndExpiresInTheFuture()
    {
        await using var federation = await TestFederation.StartAsync(["FR", "DE"], extraSettings: new Dictionary<string, string?>
        {
            ["Federation:Intake:Contact"] = "mailto:cert@fr.example",
            ["Federation:Public:BaseUrl"] = "https://report.fr.example/",
        }, cancellationToken: Ct);
        using var client = federation["FR"].CreatePublicClient();
        client.DefaultRequestHeaders.Host = "evil.example";

        using var response = await client.GetAsync(".well-known/security.txt", Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        var fields = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(": ", 2)).ToLookup(p => p[0], p => p[1]);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(["mailto:cert@fr.example", "https://report.fr.example/en/report"], fields["Contact"]);
        Assert.Equal("https://report.fr.example/en/report#policy", fields["Policy"].Single());
        Assert.Equal("en, fr, de, es, ja, ar", fields["Preferred-Languages"].Single());
        Assert.Equal("https://report.fr.example/.well-known/security.txt", fields["Canonical"].Single());
        Assert.Equal("https://report.fr.example/.well-known/csaf/provider-metadata.json", fields["CSAF"].Single());
        var expires = DateTimeOffset.Parse(fields["Expires"].Single(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(expires, DateTimeOffset.UtcNow.AddDays(30), DateTimeOffset.UtcNow.AddDays(366));
        Assert.EndsWith("Z", fields["Expires"].Single(), StringComparison.Ordinal);
        Assert.DoesNotContain("evil.example", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SecurityTxt_OnlyAFrenchStatement_ContactAndPolicyPointToTheFrenchForm()
    {
        await using var federation = await TestFederation.StartAsync(["FR", "DE"], extraSettings: new Dictionary<string, string?>
        {
            ["Federation:Public:BaseUrl"] = "https://report.fr.example/",
            ["Federation:Intake:Statements:fr:Version"] = "2026-3",
            ["Federation:Intake:Statements:fr:SafeHarbour"] = "La recherche de bonne foi est protégée.",
            ["Federation:Intake:Statements:fr:DisclosurePolicy"] = "Nous publions après 90 jours.",
        }, cancellationToken: Ct);
        using var client = federation["FR"].CreatePublicClient();

        var text = await client.GetStringAsync(".well-known/security.txt", Ct);
        var fields = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(": ", 2)).ToLookup(p => p[0], p => p[1]);
        var form = await IntakeForm.GetAsync(client, "fr/report");

        Assert.Equal(["mailto:security@federation.invalid", "https://report.fr.example/fr/report"], fields["Contact"]);
        Assert.Equal("https://report.fr.example/fr/report#policy", fields["Policy"].Single());
        Assert.DoesNotContain("/en/", text, StringComparison.Ordinal);
        Assert.NotNull(form.QuerySelector("#policy"));
    }

    [Theory]
    [InlineData("365.00:00:00", true)]
    [InlineData("366.00:00:00", false)]
    [InlineData("1.00:00:00", true)]
    [InlineData("23:00:00", false)]
    public void Validator_SecurityTxtLifetime_AtMost365Days(string lifetime, bool valid)
    {
        var options = new Federation.Node.Options.IntakeOptions { SecurityTxtLifetime = TimeSpan.Parse(lifetime, System.Globalization.CultureInfo.InvariantCulture) };

        var result = new Federation.Node.Options.IntakeOptionsValidator().Validate(null, options);

        Assert.Equal(valid, result.Succeeded);
        if (!valid)
        {
            Assert.Contains("Federation:Intake:SecurityTxtLifetime", result.FailureMessage, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Startup_StatementWithoutVersion_RefusedNamingTheSetting()
    {
        var ex = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var federation = await TestFederation.StartAsync(["FR", "DE"], extraSettings: new Dictionary<string, string?>
            {
                ["Federation:Intake:Statements:fr:SafeHarbour"] = "Texte.",
                ["Federation:Intake:Statements:fr:DisclosurePolicy"] = "Politique.",
            }, cancellationToken: Ct);
        });

        Assert.Contains("Federation:Intake:Statements:fr:Version", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConfiguredStatement_ShownWithItsVersionAndRequired()
    {
        await using var federation = await TestFederation.StartAsync(["FR", "DE"], extraSettings: new Dictionary<string, string?>
        {
            ["Federation:Intake:Statements:fr:Version"] = "2026-3",
            ["Federation:Intake:Statements:fr:SafeHarbour"] = "La recherche de bonne foi est protégée.",
            ["Federation:Intake:Statements:fr:DisclosurePolicy"] = "Nous publions après 90 jours.",
        }, cancellationToken: Ct);
        using var client = federation["FR"].CreatePublicClient();

        var fr = await IntakeForm.GetAsync(client, "fr/report");
        var ja = await IntakeForm.GetAsync(client, "ja/report");
        var report = IntakeRequests.Report("fr");
        report["accepted_policy_version"] = "2026-3";
        var (caseId, _) = await IntakeRequests.SubmitOkAsync(client, report);
        using var japanese = await IntakeRequests.SubmitAsync(client, IntakeRequests.Report("ja"));

        Assert.Contains("La recherche de bonne foi est protégée.", fr.QuerySelector("#policy")!.TextContent, StringComparison.Ordinal);
        Assert.Null(fr.QuerySelector("#policy .banner"));
        Assert.Equal("2026-3", IntakeForm.Hidden(fr)["Input.PolicyVersion"]);
        Assert.Null(ja.QuerySelector("form[method=post]"));
        Assert.NotNull(ja.QuerySelector("a[href='/fr/report']"));
        Assert.StartsWith("FR-", caseId, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, japanese.StatusCode);
    }
}
