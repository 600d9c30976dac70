using Federation.Node.Inbox;
using Microsoft.Extensions.Time.Testing;

namespace Federation.Node.Tests;

/// <summary>How the inbox writer makes its batches: partners in turn, a flooding partner's share bounded while others are active.</summary>
public sealed class InboxLanesTests
{
    private const int Share = InboxLanes<string>.SharedShare;

    [Fact]
    public async Task TakeBatch_OnePartnerAlone_GetsWholeBatches()
    {
        var lanes = new InboxLanes<string>(new FakeTimeProvider());
        await EnqueueAsync(lanes, "DE", 300);

        var batch = new List<string>();
        lanes.TakeBatch(batch);

        Assert.Equal(InboxLanes<string>.MaxBatch, batch.Count);
    }

    [Fact]
    public async Task TakeBatch_FloodWhileAnotherPartnerWaits_FloodsShareBoundedAndTheOtherIncluded()
    {
        var lanes = new InboxLanes<string>(new FakeTimeProvider());
        await EnqueueAsync(lanes, "DE", 300);
        await lanes.EnqueueAsync("JP", "JP-0", TestContext.Current.CancellationToken);

        var batch = new List<string>();
        lanes.TakeBatch(batch);

        // Without the share, the batch would hold 255 of DE's envelopes, and JP's acknowledgement wait for all of them.
        Assert.Contains("JP-0", batch);
        Assert.Equal(Share, batch.Count(e => e.StartsWith("DE", StringComparison.Ordinal)));
        Assert.Equal(Share + 1, batch.Count);
    }

    [Fact]
    public async Task TakeBatch_PartnerActiveWithinTheWindow_KeepsTheFloodsBatchesShort_ThenWholeAgain()
    {
        var clock = new FakeTimeProvider();
        var lanes = new InboxLanes<string>(clock);
        await lanes.EnqueueAsync("JP", "JP-0", TestContext.Current.CancellationToken);
        var batch = new List<string>();
        lanes.TakeBatch(batch);
        await EnqueueAsync(lanes, "DE", 600);

        // JP has nothing waiting, but sent a moment ago: it will again, so DE's batches stay short for it.
        batch.Clear();
        lanes.TakeBatch(batch);
        var whileJpActive = batch.Count;
        clock.Advance(InboxLanes<string>.ActiveWindow);
        batch.Clear();
        lanes.TakeBatch(batch);

        Assert.Equal(Share, whileJpActive);
        Assert.Equal(InboxLanes<string>.MaxBatch, batch.Count);
    }

    [Fact]
    public async Task TakeBatch_SeveralPartners_InTurnAndInOrder_NothingLost()
    {
        var lanes = new InboxLanes<string>(new FakeTimeProvider());
        await EnqueueAsync(lanes, "DE", 40);
        await EnqueueAsync(lanes, "JP", 3);

        var taken = new List<string>();
        var batch = new List<string>();
        do
        {
            batch.Clear();
            lanes.TakeBatch(batch);
            taken.AddRange(batch);
        }
        while (batch.Count > 0);

        Assert.Equal(["DE-0", "JP-0", "DE-1", "JP-1", "DE-2", "JP-2"], taken.Take(6));
        Assert.Equal(Enumerable.Range(0, 40).Select(i => $"DE-{i}"), taken.Where(e => e.StartsWith("DE", StringComparison.Ordinal)));
        Assert.Equal(43, taken.Count);
    }

    private static async Task EnqueueAsync(InboxLanes<string> lanes, string sender, int count)
    {
        for (var i = 0; i < count; i++)
        {
            await lanes.EnqueueAsync(sender, $"{sender}-{i}", TestContext.Current.CancellationToken);
        }
    }
}
