using System.Net;

namespace Federation.Node.Tests.Dashboard;

/// <summary>An advisory stored with a later instant appears on the dashboard only once the node's clock reaches it.</summary>
public sealed class DashboardSchedulingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ScheduledAdvisory_HiddenBeforeItsInstant_ShownOnceTheClockReachesIt()
    {
        await using var dashboard = await DashboardNode.StartAsync(Ct);
        using var client = dashboard.Node.CreatePublicClient();
        var before = await client.GetStringAsync("en/dashboard", Ct);
        using var hiddenDetail = await client.GetAsync($"en/dashboard/cases/{dashboard.ScheduledId}", Ct);
        Assert.Equal(dashboard.ScheduledAt, dashboard.Snapshots.Current!.NextPublicationAt);

        // One second short of the instant: the rebuild the instant wakes has not happened, nothing shows.
        dashboard.Clock.Advance(dashboard.ScheduledAt - dashboard.Clock.GetUtcNow() - TimeSpan.FromSeconds(1));
        var almost = await client.GetStringAsync("api/v1/dashboard.json", Ct);
        var shown = dashboard.SnapshotAsync(s => s.Find(dashboard.ScheduledId) is not null, Ct);
        dashboard.Clock.Advance(TimeSpan.FromSeconds(1));
        var snapshot = await shown;
        var after = WebUtility.HtmlDecode(await client.GetStringAsync("en/dashboard", Ct));
        var feed = await client.GetStringAsync("api/v1/dashboard.json", Ct);

        Assert.DoesNotContain(DashboardNode.ScheduledTitle, before, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, hiddenDetail.StatusCode);
        Assert.DoesNotContain(dashboard.ScheduledId, almost, StringComparison.Ordinal);
        Assert.True(snapshot.BuiltAt >= dashboard.ScheduledAt, $"built at {snapshot.BuiltAt:O}, instant {dashboard.ScheduledAt:O}");
        Assert.Contains(DashboardNode.ScheduledTitle, after, StringComparison.Ordinal);
        Assert.Contains(dashboard.ScheduledId, feed, StringComparison.Ordinal);
        Assert.Equal([dashboard.ScheduledId, dashboard.PublishedId], snapshot.Cases.Select(c => c.CaseId));
        Assert.Null(snapshot.NextPublicationAt);
        Assert.DoesNotContain(DashboardNode.UnpublishedTitle, after, StringComparison.Ordinal);
    }
}
