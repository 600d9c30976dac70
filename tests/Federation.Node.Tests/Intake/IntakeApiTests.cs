using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Federation.Core.Audit;
using Federation.Core.Cases;
using Federation.Core.Intake;
using Federation.Node.Events;
using Microsoft.EntityFrameworkCore;

namespace Federation.Node.Tests.Intake;

/// <summary>The intake's JSON endpoint on a real node's public listener: what is stored, the token, the thread.</summary>
public sealed class IntakeApiTests(IntakeNodeFixture fixture) : IClassFixture<IntakeNodeFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Submit_ValidReport_RedNewCaseWithFieldLanguagesConsentPolicyAndEvent()
    {
        using var client = fixture.Node.CreatePublicClient();
        using var follower = fixture.Node.Services.GetRequiredService<EventHub>().Follow();

        var (caseId, _) = await IntakeRequests.SubmitOkAsync(client, IntakeRequests.Report("ar", "تجاوز ضوابط الحماية"));

        var @case = await fixture.CaseAsync(caseId);
        var report = await fixture.ReportAsync(caseId);
        Assert.Equal(Tlp.Red, @case.Tlp);
        Assert.Equal(CaseStatus.New, @case.Status);
        Assert.Equal("تجاوز ضوابط الحماية", @case.Title);
        Assert.Equal("researcher@example.org", @case.ReporterContact);
        Assert.Equal("llm-jailbreak", @case.TaxonomyClass);
        Assert.Equal([ConsentScope.ShareSummary, ConsentScope.ShareVendor], @case.ConsentScopes);
        Assert.Equal("ar", report.Language);
        Assert.Equal(DevelopmentStatements.Version, report.PolicyVersion);
        Assert.Equal(12, report.FieldLanguages.Count);
        Assert.All(report.FieldLanguages.Values, l => Assert.Equal("ar", l));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        var received = await follower.Events.ReadAllAsync(timeout.Token).FirstAsync(e => e.Kind == IntakeKinds.Received && e.CaseId == caseId, timeout.Token);
        Assert.Contains("language=ar", received.Detail, StringComparison.Ordinal);
        var audit = await fixture.ReadAsync(db => db.Audit.AsNoTracking().Where(a => a.Subject == caseId).OrderBy(a => a.Sequence).Select(a => a.Kind).ToListAsync(Ct));
        Assert.Equal([AuditKinds.CaseCreated, IntakeKinds.Received], audit);
    }

    [Fact]
    public async Task Submit_Valid_TokenOnceHighEntropyStoredOnlyAsItsHash()
    {
        using var client = fixture.Node.CreatePublicClient();

        var (caseId, token) = await IntakeRequests.SubmitOkAsync(client, IntakeRequests.Report());

        Assert.Matches("^[A-Za-z0-9_-]{43}$", token);
        var report = await fixture.ReportAsync(caseId);
        Assert.Equal(SHA256.HashData(Encoding.UTF8.GetBytes(token)), report.TokenHash);
        // No byte of the token anywhere in the store's files (database and write-ahead log).
        var folder = fixture.Node.DataDirectory;
        foreach (var file in Directory.GetFiles(folder, "federation.db*"))
        {
            var bytes = await ReadSharedAsync(file);
            Assert.DoesNotContain(token, Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
        }

        // The status view never gives the token back.
        using var status = await IntakeRequests.StatusAsync(client, token);
        Assert.DoesNotContain(token, await status.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_WrongTokenUnknownTokenAndGarbage_SameNotFoundAnswer()
    {
        using var client = fixture.Node.CreatePublicClient();
        var (_, token) = await IntakeRequests.SubmitOkAsync(client, IntakeRequests.Report());
        var nearMiss = (token[0] == 'A' ? 'B' : 'A') + token[1..];
        var unknown = ReceiptToken.New().Token;

        var answers = new List<(HttpStatusCode, string)>();
        foreach (var guess in new[] { nearMiss, unknown, "x", new string('A', 5000) })
        {
            using var response = await IntakeRequests.StatusAsync(client, guess);
            var problem = await IntakeRequests.ProblemAsync(response);
            answers.Add((response.StatusCode, problem.GetProperty("detail").GetString()!));
        }

        Assert.All(answers, a => Assert.Equal((HttpStatusCode.NotFound, "No report matches this receipt token."), a));
    }

    [Fact]
    public async Task Status_RightToken_OnlyThatReportAndBothSidesOfTheThread()
    {
        using var client = fixture.Node.CreatePublicClient();
        var (mine, token) = await IntakeRequests.SubmitOkAsync(client, IntakeRequests.Report(title: "Mine"));
        var (other, _) = await IntakeRequests.SubmitOkAsync(client, IntakeRequests.Report(title: "Someone else's"));
        using var sent = await IntakeRequests.MessageAsync(client, token, "Any news?", "en");
        Assert.Equal(HttpStatusCode.Created, sent.StatusCode);
        await fixture.Node.AdminClient().Intake.ReplyAsync(new Contracts.V1.IntakeReplyRequest { FederationCaseId = mine, Text = "Nous avons reproduit le problème.", Language = "fr" }, cancellationToken: Ct);

        using var response = await IntakeRequests.StatusAsync(client, token);
        var body = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        Assert.Equal(mine, root.GetProperty("case_id").GetString());
        Assert.Equal("received", root.GetProperty("progress").GetString());
        Assert.DoesNotContain(other, body, StringComparison.Ordinal);
        Assert.DoesNotContain("Someone else", body, StringComparison.Ordinal);
        var thread = root.GetProperty("messages").EnumerateArray().Select(m => (m.GetProperty("side").GetString(), m.GetProperty("language").GetString(), m.GetProperty("text").GetString())).ToList();
        Assert.Equal([("reporter", "en", "Any news?"), ("authority", "fr", "Nous avons reproduit le problème.")], thread);
    }

    [Fact]
    public async Task Status_AfterTriageAndEmbargo_StageAndTheReportersDates()
    {
        using var client = fixture.Node.CreatePublicClient();
        var (caseId, token) = await IntakeRequests.SubmitOkAsync(client, IntakeRequests.Report());
        var admin = fixture.Node.AdminClient();
        await admin.Cases.UpdateCaseAsync(new Contracts.V1.UpdateCaseRequest { FederationCaseId = caseId, Fields = new Contracts.V1.CaseFields { Status = Contracts.V1.CaseStatus.Coordinating } }, cancellationToken: Ct);
        var end = DateTimeOffset.UtcNow.AddDays(40);
        await admin.Embargoes.SignalEmbargoAsync(new Contracts.V1.SignalEmbargoRequest
        {
            FederationCaseId = caseId, Kind = Contracts.V1.EmbargoSignalKind.Propose, Date = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(end),
        }, cancellationToken: Ct);

        using var response = await IntakeRequests.StatusAsync(client, token);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));

        Assert.Equal("coordinating", json.RootElement.GetProperty("progress").GetString());
        var deadline = json.RootElement.GetProperty("deadlines").EnumerateArray().Single(d => d.GetProperty("name").GetString() == "embargo-end");
        Assert.Equal(end.ToUnixTimeSeconds(), deadline.GetProperty("due_at").GetDateTimeOffset().ToUnixTimeSeconds());
    }

    [Fact]
    public async Task Submit_OversizedField_400NamingItAndNothingStored()
    {
        using var client = fixture.Node.CreatePublicClient();
        var before = await fixture.CaseCountAsync();
        var report = IntakeRequests.Report();
        report["synopsis"] = new string('x', IntakeLimits.Synopsis + 1);

        using var response = await IntakeRequests.SubmitAsync(client, report);
        var problem = await IntakeRequests.ProblemAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("synopsis", problem.GetProperty("field").GetString());
        Assert.Contains($"the limit is {IntakeLimits.Synopsis}", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await fixture.CaseCountAsync());
    }

    [Fact]
    public async Task Submit_BodyOverTheCap_413AndNothingStored()
    {
        using var client = fixture.Node.CreatePublicClient();
        var before = await fixture.CaseCountAsync();
        var report = IntakeRequests.Report();
        report["proof_of_concept"] = new string('x', 7 * 1024 * 1024);
        // As a well-behaved tool does for a large body: the node refuses on the declared length before any byte is sent.
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/reports") { Content = IntakeRequests.Json(report) };
        request.Headers.ExpectContinue = true;

        using var response = await client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(before, await fixture.CaseCountAsync());
    }

    [Fact]
    public async Task Submit_WrongPolicyVersion_409NamingTheCurrentOneAndNothingStored()
    {
        using var client = fixture.Node.CreatePublicClient();
        var before = await fixture.CaseCountAsync();
        var report = IntakeRequests.Report();
        report["accepted_policy_version"] = "2019-old";

        using var response = await IntakeRequests.SubmitAsync(client, report);
        var problem = await IntakeRequests.ProblemAsync(response);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("accepted_policy_version", problem.GetProperty("field").GetString());
        Assert.Contains(DevelopmentStatements.Version, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await fixture.CaseCountAsync());
    }

    [Theory]
    [InlineData("sector", "\"nuclear\"", "sector")]
    [InlineData("language", "\"tlh\"", "language")]
    [InlineData("unknown_member", "1", "unknown_member")]
    [InlineData("consent", "\"yes\"", "consent")]
    public async Task Submit_BadMember_400NamingIt(string member, string value, string field)
    {
        using var client = fixture.Node.CreatePublicClient();
        var report = IntakeRequests.Report();
        report[member] = JsonNode.Parse(value);

        using var response = await IntakeRequests.SubmitAsync(client, report);
        var problem = await IntakeRequests.ProblemAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(field, problem.GetProperty("field").GetString());
    }

    [Fact]
    public async Task Submit_WithAttachment_StoredWithItsSha256()
    {
        using var client = fixture.Node.CreatePublicClient();
        var content = "prompt: ignore previous instructions"u8.ToArray();
        var report = IntakeRequests.Report();
        report["attachments"] = new JsonArray(new JsonObject { ["file_name"] = "poc.txt", ["content_type"] = "text/plain", ["content_base64"] = Convert.ToBase64String(content) });

        var (caseId, token) = await IntakeRequests.SubmitOkAsync(client, report);

        var stored = await fixture.ReadAsync(db => db.Set<IntakeAttachment>().AsNoTracking().SingleAsync(a => a.CaseId == caseId, Ct));
        Assert.Equal(content, stored.Content);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(content)), stored.Sha256);
        using var status = await IntakeRequests.StatusAsync(client, token);
        Assert.Contains(stored.Sha256, await status.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_ExecutableAsPng_400AndNothingStored()
    {
        using var client = fixture.Node.CreatePublicClient();
        var before = await fixture.CaseCountAsync();
        var report = IntakeRequests.Report();
        report["attachments"] = new JsonArray(new JsonObject { ["file_name"] = "poc.png", ["content_type"] = "image/png", ["content_base64"] = Convert.ToBase64String("MZ\u0090\u0000binary"u8.ToArray()) });

        using var response = await IntakeRequests.SubmitAsync(client, report);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("attachments", (await IntakeRequests.ProblemAsync(response)).GetProperty("field").GetString());
        Assert.Equal(before, await fixture.CaseCountAsync());
    }

    [Fact]
    public async Task Submit_ManyAtOnce_EachStoredOnceWithItsOwnTokenAndTheAuditChainIntact()
    {
        var clients = Enumerable.Range(0, 40).Select(_ => fixture.Node.CreatePublicClient()).ToList();
        var before = await fixture.CaseCountAsync();
        try
        {
            // Submissions arriving together are committed together (IntakeBatcher); each must still be its own case.
            var receipts = await Task.WhenAll(clients.Select((c, i) => IntakeRequests.SubmitOkAsync(c, IntakeRequests.Report(title: $"Concurrent {i}"))));

            Assert.Equal(40, receipts.Select(r => r.CaseId).Distinct().Count());
            Assert.Equal(40, receipts.Select(r => r.Token).Distinct().Count());
            Assert.Equal(before + 40, await fixture.CaseCountAsync());
            using var status = await IntakeRequests.StatusAsync(clients[7], receipts[7].Token);
            using var json = JsonDocument.Parse(await status.Content.ReadAsStringAsync(Ct));
            Assert.Equal("Concurrent 7", json.RootElement.GetProperty("title").GetString());
            var audit = await fixture.ReadAsync(db => db.Audit.AsNoTracking().OrderBy(a => a.Sequence).ToListAsync(Ct));
            Assert.Null(AuditChain.FirstBreak(audit));
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }
    }

    [Fact]
    public async Task Api_OnTheAdminPort_NotServed()
    {
        using var http = new HttpClient(new SocketsHttpHandler()) { DefaultRequestVersion = HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };

        using var response = await http.PostAsync(fixture.Node.AdminAddress + "/api/v1/reports", IntakeRequests.Json(IntakeRequests.Report()), Ct);

        Assert.NotEqual(HttpStatusCode.Created, response.StatusCode);
    }

    private static async Task<byte[]> ReadSharedAsync(string path)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, Ct);
        return buffer.ToArray();
    }
}
