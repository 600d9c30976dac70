using Federation.Core.Delivery;
using Federation.Node.Outbox;
using Federation.Storage;
using Federation.Testing;
using Microsoft.EntityFrameworkCore;

namespace Federation.Node.Tests;

/// <summary>
/// A batch that was sent but whose commit failed at the sender (the store refused the write): its messages stay
/// pending, leave the dispatcher's hand and take their facts with them, so that they are fetched and sent again once
/// the store takes writes. The receiver stored them the first time and holds each once.
/// </summary>
public sealed class FailedDispatchCommitTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CommitFailsAfterTheSend_MessagesStayPendingAndLeaveTheHand_DeliveredOnceTheStoreTakesWrites()
    {
        var settings = new Dictionary<string, string?>
        {
            // One batch holds them all: the failing batch is fetched first again at every retry, so messages behind it
            // in a later batch would wait (that is the order the outbox keeps), and DE could not hold them all yet.
            ["Federation:Outbox:BatchSize"] = "32",
            // The dispatcher's loop retries a failed iteration after this, doubling: short, so the retry comes soon.
            ["Federation:Outbox:PollInterval"] = "00:00:00.100",
        };
        await using var federation = await TestFederation.StartAsync(["FR", "DE"], extraSettings: settings, cancellationToken: Ct);
        var (fr, de) = (federation["FR"], federation["DE"]);
        var messages = SealedSummaries.For(fr, "DE", 20);
        var ids = messages.Select(m => m.Id).ToList();
        // A real store fault, aimed at these messages: FR's store refuses to record any of them as delivered. It fails the
        // whole commit, so a message of FR's own fetched into the same batch waits with them until the trigger goes.
        await ExecuteAsync(fr, "CREATE TABLE TestRefusedIds (Id TEXT PRIMARY KEY);");
        foreach (var id in ids)
        {
            await ExecuteAsync(fr, $"INSERT INTO TestRefusedIds VALUES ('{id}');");
        }

        await ExecuteAsync(fr, """
            CREATE TRIGGER TestRefuseDelivered BEFORE UPDATE OF State ON Outbox
            WHEN NEW.State = 'Delivered' AND NEW.Id IN (SELECT Id FROM TestRefusedIds)
            BEGIN SELECT RAISE(ABORT, 'injected: the store refuses this commit'); END;
            """);

        await SealedSummaries.EnqueueAsync(fr, messages, Ct);

        // DE stored every one of them (the sends went through), while FR could record none as delivered.
        await Eventually.UntilAsync(async () => await StoreCounts.InboxAsync(de, ids, Ct), n => n == ids.Count, "DE to store every message", TimeSpan.FromSeconds(30));
        var dispatcher = fr.Services.GetRequiredService<OutboxDispatcher>();
        await Eventually.UntilAsync(() => Task.FromResult(dispatcher.FactsHeld), held => held == 0, "no facts held between the failed attempts");
        Assert.Equal(0, await StoreCounts.OutboxAsync(fr, ids, DeliveryState.Delivered, Ct));
        Assert.Equal(ids.Count, await StoreCounts.OutboxAsync(fr, ids, DeliveryState.Pending, Ct));

        await ExecuteAsync(fr, "DROP TRIGGER TestRefuseDelivered;");

        // Left in the hand, they would never be fetched again, and stay pending for ever.
        await Eventually.UntilAsync(async () => await StoreCounts.OutboxAsync(fr, ids, DeliveryState.Delivered, Ct), n => n == ids.Count,
            "every message delivered once FR's store takes the commit", TimeSpan.FromSeconds(60));
        Assert.Equal(ids.Count, await StoreCounts.InboxAsync(de, ids, Ct));
        await Eventually.UntilAsync(() => Task.FromResult(dispatcher.FactsHeld), held => held == 0, "no facts held once the batches ended");
    }

    private static async Task ExecuteAsync(TestNode node, string sql)
    {
        await using var scope = node.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<FederationDbContext>().Database.ExecuteSqlRawAsync(sql, Ct);
    }
}
