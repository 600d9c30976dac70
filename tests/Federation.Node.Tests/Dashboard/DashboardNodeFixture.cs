namespace Federation.Node.Tests.Dashboard;

/// <summary>One seeded dashboard node for the read-only page and feed tests (they never move its clock).</summary>
public sealed class DashboardNodeFixture : IAsyncLifetime
{
    public DashboardNode Dashboard { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Dashboard = await DashboardNode.StartAsync(TestContext.Current.CancellationToken);

    public ValueTask DisposeAsync() => Dashboard.DisposeAsync();
}
