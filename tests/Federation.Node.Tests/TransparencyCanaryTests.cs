using System.Text;
using Federation.Contracts.V1;
using Federation.Core.Transparency;
using Federation.Testing;
using Federation.Transparency;

namespace Federation.Node.Tests;

/// <summary>
/// A case with distinctive raw fields crosses from FR to DE: both logs record the crossing, and no raw field is in
/// any leaf (its encoding or its metadata) or in a checkpoint of either log.
/// </summary>
public sealed class TransparencyCanaryTests
{
    [Fact]
    public async Task Share_DistinctiveRawFields_NoneInAnyLeafOrCheckpointAndBothLogsNameTheSameMessage()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var federation = await TestFederation.StartAsync(["FR", "DE"], cancellationToken: ct);
        var messageId = await CanaryCase.ShareAsync(federation, "FR", "DE", ct);
        var received = await Eventually.UntilAsync(
            async () => await federation["DE"].AdminClient().Deliveries.ListReceivedSummariesAsync(new ListReceivedSummariesRequest(), cancellationToken: ct),
            r => r.Summaries.Count > 0, "DE to receive the summary");
        // The canary is live: the raw values did cross, as summary fields the treaty and consent allow.
        var values = Assert.Single(received.Summaries).Summary.Fields().Select(f => f.Value).ToList();
        Assert.Contains(CanaryCase.Vendor, values);
        Assert.Contains(CanaryCase.Title, values);

        var sent = await LeavesOfAsync(federation["FR"], messageId, ct);
        var accepted = await LeavesOfAsync(federation["DE"], messageId, ct);

        var delivered = Assert.Single(sent, l => l.Kind == "envelope.delivered");
        var arrived = Assert.Single(accepted, l => l.Kind == "envelope.accepted");
        Assert.NotNull(delivered.MessageDigest);
        Assert.Equal(delivered.MessageDigest, arrived.MessageDigest);
        Assert.Equal("test-treaty@1", delivered.Treaty);
        Assert.Equal(delivered.Treaty, arrived.Treaty);
    }

    /// <summary>All of a node's leaves checked for the canaries; returns the leaves about one message.</summary>
    private static async Task<IReadOnlyList<LogLeaf>> LeavesOfAsync(TestNode node, string messageId, CancellationToken ct)
    {
        await using var scope = node.Services.CreateAsyncScope();
        var log = scope.ServiceProvider.GetRequiredService<ITransparencyLog>();
        var head = await log.HeadAsync(ct);
        var leaves = await log.LeavesAsync(0, (int)head.Size, ct);
        Assert.Equal(head.Size, leaves.Count);
        var tree = new MerkleTree();
        foreach (var leaf in leaves)
        {
            tree.Append(leaf.Hash());
            var texts = new[]
            {
                Encoding.UTF8.GetString(leaf.Encode()),
                leaf.ToString(),
                string.Join('|', leaf.Id, leaf.Kind, leaf.Actor, leaf.Subject, leaf.Outcome, leaf.Treaty),
            };
            foreach (var canary in CanaryCase.Words)
            {
                Assert.All(texts, text => Assert.DoesNotContain(canary, text, StringComparison.OrdinalIgnoreCase));
            }
        }

        Assert.Equal(tree.Root(), head.RootHash);
        var checkpoint = new Checkpoint($"federation.test/{node.Jurisdiction}", head.Size, head.RootHash, DateTimeOffset.UnixEpoch).ToText();
        var kept = await scope.ServiceProvider.GetRequiredService<ICheckpointStore>().ListAsync(node.Jurisdiction, DateTimeOffset.MinValue, DateTimeOffset.MaxValue, ct);
        foreach (var text in kept.Select(c => c.Note).Append(checkpoint))
        {
            Assert.DoesNotContain("Canary", text, StringComparison.OrdinalIgnoreCase);
        }

        var indices = await log.FindMessageAsync(messageId, ct);
        Assert.NotEmpty(indices);
        return [.. indices.Select(i => leaves[(int)i])];
    }
}
