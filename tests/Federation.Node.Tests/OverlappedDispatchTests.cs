using Federation.Core.Audit;
using Federation.Core.Delivery;
using Federation.Storage;
using Federation.Testing;
using Microsoft.EntityFrameworkCore;

namespace Federation.Node.Tests;

/// <summary>
/// The dispatcher commits a batch while it fetches and sends the next, and with Federation:Outbox:BatchesInFlight sends
/// several batches at once: nothing is lost and each message is recorded as
/// sent once. Small batches, many of them, so that commits and sends overlap often. (The window in which a batch being
/// committed could be fetched again is short here: with the exclusion removed, this test does not reliably fail.)
/// </summary>
public sealed class OverlappedDispatchTests
{
    /// <param name="batchesInFlight">1: each batch is sent and committed before the next is fetched; 2: a batch commits
    /// (or is still answered) while the next is sent; 4: several batches' calls are in flight at once, each excluded from
    /// the fetches of the others until it commits.</param>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public async Task ManyBatches_EveryMessageDeliveredAndRecordedOnce_NoneSentAgainWhileItsBatchCommits(int batchesInFlight)
    {
        var ct = TestContext.Current.CancellationToken;
        var settings = new Dictionary<string, string?>
        {
            ["Federation:Outbox:BatchSize"] = "8",
            ["Federation:Outbox:MaxInFlight"] = "4",
            ["Federation:Outbox:BatchesInFlight"] = batchesInFlight.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        await using var federation = await TestFederation.StartAsync(["FR", "DE"], extraSettings: settings, cancellationToken: ct);
        var fr = federation["FR"];
        var de = federation["DE"];
        var messages = SealedSummaries.For(fr, "DE", 300);
        // Only these: the federation's start leaves messages of its own (countersignatures) in both stores.
        var ids = messages.Select(m => m.Id).ToList();
        await SealedSummaries.EnqueueAsync(fr, messages, ct);
        await Eventually.UntilAsync(async () =>
        {
            await using var scope = fr.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<FederationDbContext>().Outbox.CountAsync(m => ids.Contains(m.Id) && m.State == DeliveryState.Delivered, ct);
        }, delivered => delivered == messages.Count, "every message delivered", TimeSpan.FromSeconds(60));

        await using var frScope = fr.Services.CreateAsyncScope();
        var frDb = frScope.ServiceProvider.GetRequiredService<FederationDbContext>();
        var sent = await frDb.Audit.Where(a => a.Kind == AuditKinds.EnvelopeSent && ids.Contains(a.Subject!)).Select(a => a.Subject!).ToListAsync(ct);
        // Sent again by a later batch while its own was committing, a message would be recorded as sent twice (once by
        // each batch's commit). A transport-level resend inside one attempt is another matter: DE answers it as a
        // duplicate, and it is recorded once; that is why the outcome (acknowledged or acknowledged-duplicate) is not checked.
        Assert.Equal(ids.Order(StringComparer.Ordinal), sent.Order(StringComparer.Ordinal));
        Assert.All(await frDb.Outbox.Where(m => ids.Contains(m.Id)).ToListAsync(ct), m => Assert.Equal(1, m.Attempts));
        await using var deScope = de.Services.CreateAsyncScope();
        var deDb = deScope.ServiceProvider.GetRequiredService<FederationDbContext>();
        Assert.Equal(messages.Count, await deDb.Inbox.CountAsync(e => ids.Contains(e.MessageId), ct));
    }
}
