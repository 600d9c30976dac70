using System.Diagnostics;
using Federation.Core.Delivery;
using Federation.Node.Inbox;
using Federation.Node.Outbox;
using Federation.Testing;

namespace Federation.Node.Tests;

/// <summary>
/// The sender stopped while its calls wait for the receiver's answer (cancellation mid-send): the stop does not wait
/// for the calls' deadline, nothing is recorded as delivered that was not acknowledged, and after the restart every
/// message is delivered and held once at the receiver, also those it stored after the sender had gone.
/// </summary>
public sealed class StoppedMidSendTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SenderStopsWhileItsCallsWait_StopsPromptly_AndAfterItsRestartEveryMessageIsDeliveredOnce()
    {
        var settings = new Dictionary<string, string?>
        {
            // Long enough that a stop which waited for it would be seen (the stop is bounded below at half of it).
            ["Federation:Outbox:CallTimeout"] = "00:00:20",
            ["Federation:Outbox:PollInterval"] = "00:00:00.200",
        };
        await using var federation = await TestFederation.StartAsync(["FR", "DE"], extraSettings: settings, cancellationToken: Ct);
        var (fr, de) = (federation["FR"], federation["DE"]);
        var messages = SealedSummaries.For(fr, "DE", 20);
        var ids = messages.Select(m => m.Id).ToList();

        // DE's single inbox writer takes this turn before each commit: held here, DE verifies and queues what arrives but
        // answers nothing, so FR's calls stay in flight.
        var deTurn = de.Services.GetRequiredService<StoreWriteTurn>();
        await deTurn.EnterAsync(Ct);
        TestNode again;
        try
        {
            await SealedSummaries.EnqueueAsync(fr, messages, Ct);
            var dispatcher = fr.Services.GetRequiredService<OutboxDispatcher>();
            await Eventually.UntilAsync(() => Task.FromResult(dispatcher.FactsHeld), held => held > 0, "FR to have calls in flight to DE", TimeSpan.FromSeconds(30));

            var stopping = Stopwatch.StartNew();
            await federation.StopAsync("FR");
            Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(10), $"FR took {stopping.Elapsed} to stop with calls in flight");

            // Started again while DE still answers nothing: what the first FR sent was not acknowledged, so none of it is
            // recorded as delivered, and every message is still due.
            again = await federation.StartAgainAsync("FR", cancellationToken: Ct);
            Assert.Equal(0, await StoreCounts.OutboxAsync(again, ids, DeliveryState.Delivered, Ct));
            Assert.Equal(ids.Count, await StoreCounts.OutboxAsync(again, ids, DeliveryState.Pending, Ct));
        }
        finally
        {
            // DE's writer goes on: it stores what it had queued (for callers that have gone) and what the new FR sends.
            deTurn.Exit();
        }

        await Eventually.UntilAsync(async () => await StoreCounts.OutboxAsync(again, ids, DeliveryState.Delivered, Ct), n => n == ids.Count,
            "every message delivered after FR's restart", TimeSpan.FromSeconds(60));
        Assert.Equal(ids.Count, await StoreCounts.InboxAsync(de, ids, Ct));
    }

}
