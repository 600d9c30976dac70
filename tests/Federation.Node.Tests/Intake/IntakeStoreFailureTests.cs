using System.Net;
using System.Text.Json.Nodes;
using Federation.Contracts.V1;
using Federation.Testing;
using Grpc.Core;

namespace Federation.Node.Tests.Intake;

/// <summary>
/// The intake on a node whose store is full (the operator's cap, which SQLite reports as a full disk): the reporter
/// keeps what they typed and reads an error, the API answers 507, and nothing answers 500.
/// </summary>
public sealed class IntakeStoreFailureTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task StoreFull_FormStatusPageAndApi_ErrorShownTextKeptNo500()
    {
        await using var federation = await TestFederation.StartAsync(["FR", "DE"], extraSettings: new Dictionary<string, string?>
        {
            ["Federation:MaxStoreMegabytes"] = "2",
            ["Federation:Intake:PermitsPerWindow"] = "100000",
        }, cancellationToken: Ct);
        var node = federation["FR"];
        using var client = node.CreatePublicClient();
        var (_, token) = await IntakeRequests.SubmitOkAsync(client, IntakeRequests.Report(title: "Before the store filled"));
        var reportPage = await IntakeForm.GetAsync(client, "en/report");
        var statusPage = IntakeForm.Parse(await ShowStatusAsync(client, token));
        await FillStoreAsync(node);
        await FillWithMessagesAsync(client, token);

        var (formStatus, formHtml) = await IntakeForm.PostAsync(client, "en/report", IntakeForm.Report(reportPage, "Typed before the failure"));
        var form = IntakeForm.Parse(formHtml);
        var fields = new Dictionary<string, string>(IntakeForm.Hidden(statusPage), StringComparer.Ordinal) { ["Message"] = "A message typed before the failure" };
        var (messageStatus, messageHtml) = await IntakeForm.PostAsync(client, IntakeForm.Action(statusPage, "en/report/status"), fields);
        var message = IntakeForm.Parse(messageHtml);
        using var api = await IntakeRequests.SubmitAsync(client, IntakeRequests.Report(title: "By the API on a full store"));

        Assert.Equal(HttpStatusCode.OK, formStatus);
        Assert.Contains("nothing was stored", form.QuerySelector(".error-summary")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Typed before the failure", form.QuerySelector("#Input_Title")!.GetAttribute("value"));
        Assert.Null(form.QuerySelector("#receipt-token"));
        Assert.Equal(HttpStatusCode.OK, messageStatus);
        Assert.Contains("nothing was stored", message.QuerySelector("[role=alert]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("A message typed before the failure", message.QuerySelector("textarea#Message")!.TextContent);
        Assert.Equal(HttpStatusCode.InsufficientStorage, api.StatusCode);
        Assert.Equal("ResourceExhausted", (await IntakeRequests.ProblemAsync(api)).GetProperty("reason").GetString());
        var listed = await node.AdminClient().Intake.ListReportsAsync(new ListIntakeReportsRequest(), cancellationToken: Ct);
        Assert.Equal(["Before the store filled"], listed.Reports.Select(r => r.Title));
    }

    [Fact]
    public async Task Submit_NullAttachment_400NamingAttachments()
    {
        await using var federation = await TestFederation.StartAsync(["FR", "DE"], cancellationToken: Ct);
        using var client = federation["FR"].CreatePublicClient();
        var report = IntakeRequests.Report();
        report["attachments"] = new JsonArray((JsonNode?)null);

        using var response = await IntakeRequests.SubmitAsync(client, report);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("attachments", (await IntakeRequests.ProblemAsync(response)).GetProperty("field").GetString());
        var listed = await federation["FR"].AdminClient().Intake.ListReportsAsync(new ListIntakeReportsRequest(), cancellationToken: Ct);
        Assert.Empty(listed.Reports);
    }

    // As StoreFullTests: large cases first, smaller each time one is refused, until even a small one does not fit.
    private static async Task FillStoreAsync(TestNode node)
    {
        var admin = node.AdminClient();
        var refused = false;
        var size = 100 * 1024;
        for (var i = 0; i < 200 && size >= 256; i++)
        {
            try
            {
                await admin.Cases.CreateCaseAsync(new CreateCaseRequest
                {
                    Fields = new CaseFields { Title = $"filler {i}", ProofOfConcept = new string((char)('a' + (i % 26)), size) },
                }, cancellationToken: Ct);
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.ResourceExhausted)
            {
                refused = true;
                size /= 4;
            }
        }

        Assert.True(refused, "the store never filled");
    }

    // The slack a refused case leaves may still hold a short message: fill it with the reporter's own messages,
    // shorter each time one is refused, until even one character is (at most 150 messages, under the thread's limit).
    private static async Task FillWithMessagesAsync(HttpClient client, string token)
    {
        var length = 2000;
        for (var i = 0; i < 150 && length >= 1; i++)
        {
            using var response = await IntakeRequests.MessageAsync(client, token, new string('m', length));
            if (response.StatusCode == HttpStatusCode.InsufficientStorage)
            {
                length = length == 1 ? 0 : Math.Max(1, length / 5);
            }
            else
            {
                Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            }
        }

        Assert.Equal(0, length);
    }

    private static async Task<string> ShowStatusAsync(HttpClient client, string token)
    {
        var page = await IntakeForm.GetAsync(client, "en/report/status");
        var fields = new Dictionary<string, string>(IntakeForm.Hidden(page), StringComparer.Ordinal) { ["Token"] = token };
        var (status, html) = await IntakeForm.PostAsync(client, "en/report/status", fields);
        Assert.Equal(HttpStatusCode.OK, status);
        return html;
    }
}
