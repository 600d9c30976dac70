using System.Net;
using System.Text.Json.Nodes;
using Federation.Core.Dashboard;

namespace Federation.Node.Tests.Dashboard;

/// <summary>
/// An advisory whose stored CSAF document has an unexpected shape is left off the dashboard; it does not stop the
/// rebuild, so the other advisories (and ones published after it) are still shown.
/// </summary>
public sealed class DashboardUnreadableAdvisoryTests
{
    private const string UnreadableTitle = "Unreadable canary 3f9b: model extraction";
    private const string LaterTitle = "Later canary 61d2: jailbreak through tool output";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task UnreadableAdvisory_IsSkipped_GoodOnesStillRenderAndLaterPublicationsStillArrive()
    {
        await using var dashboard = await DashboardNode.StartAsync(Ct);
        // Valid JSON, wrong shape: an empty product tree and a version that is no number.
        var unreadableId = await dashboard.StoreMangledAsync(UnreadableTitle, json =>
        {
            var document = JsonNode.Parse(json)!;
            document["product_tree"]!["branches"] = new JsonArray();
            document["document"]!["tracking"]!["version"] = "one";
            return System.Text.Encoding.UTF8.GetBytes(document.ToJsonString());
        }, Ct);
        await using (var scope = dashboard.Node.Services.CreateAsyncScope())
        {
            // The rebuild the refresher runs: it must not throw on the unreadable document.
            await scope.ServiceProvider.GetRequiredService<DashboardRebuilder>().RebuildAsync(Ct);
        }

        // The refresher goes on too: a publication after the unreadable one reaches the dashboard.
        var laterId = await dashboard.PublishAsync(LaterTitle, Ct);
        var snapshot = dashboard.Snapshots.Current!;
        using var client = dashboard.Node.CreatePublicClient();
        using var page = await client.GetAsync("en/dashboard", Ct);
        var html = WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync(Ct));
        var feed = await client.GetStringAsync("api/v1/dashboard.json", Ct);
        using var detail = await client.GetAsync($"en/dashboard/cases/{unreadableId}", Ct);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains(DashboardNode.PublishedTitle, html, StringComparison.Ordinal);
        Assert.Contains(LaterTitle, html, StringComparison.Ordinal);
        Assert.DoesNotContain(UnreadableTitle, html, StringComparison.Ordinal);
        Assert.Contains(dashboard.PublishedId, feed, StringComparison.Ordinal);
        Assert.Contains(laterId, feed, StringComparison.Ordinal);
        Assert.DoesNotContain(unreadableId, feed, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, detail.StatusCode);
        Assert.Null(snapshot.Find(unreadableId));
        Assert.NotNull(snapshot.Find(dashboard.PublishedId));
    }
}
