using Federation.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Federation.Cli.Tests;

/// <summary>fedctl peer list shows the catch-up cursors: how far this node pulled each partner's log for it.</summary>
public sealed class FedctlPeerCatchUpTests(CliNodeFixture nodes) : IClassFixture<CliNodeFixture>
{
    [Fact]
    public async Task PeerList_AfterAHandshakeTriggersAPull_ShowsTheCursorAtThePartnersHighWater()
    {
        long highWater;
        await using (var scope = nodes.Federation["FR"].Services.CreateAsyncScope())
        {
            highWater = await scope.ServiceProvider.GetRequiredService<Federation.Core.CatchUp.IPeerLog>().HighWaterAsync("DE", TestContext.Current.CancellationToken);
        }

        // A partner that answers a handshake is pulled from at once.
        Assert.Equal(0, (await nodes.RunAsync("DE", "peer", "handshake", "FR")).ExitCode);
        var peer = await Eventually.UntilAsync(
            async () => (await nodes.RunAsync("DE", "peer", "list", "--json")).Json().GetProperty("peers")[0],
            p => p.TryGetProperty("pulledThrough", out var through) && through.GetString() == highWater.ToString(System.Globalization.CultureInfo.InvariantCulture),
            $"DE's cursor for FR to reach FR's high water {highWater}");

        Assert.Equal("FR", peer.GetProperty("jurisdiction").GetString());
        Assert.True(peer.TryGetProperty("pulledAt", out _));
        var pulledThrough = highWater;
        Assert.True(pulledThrough > 0, "FR's log for DE holds at least its treaty countersignature");
        var table = await nodes.RunAsync("DE", "peer", "list");
        Assert.Contains("Pulled to", table.Output, StringComparison.Ordinal);
        Assert.Contains(pulledThrough.ToString(System.Globalization.CultureInfo.InvariantCulture), table.Output, StringComparison.Ordinal);
    }
}
