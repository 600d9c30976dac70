using Federation.Contracts.V1;
using Federation.Core.Audit;
using Federation.Storage;
using Federation.Storage.Transparency;
using Federation.Testing;
using Microsoft.EntityFrameworkCore;

namespace Federation.Node.Tests;

/// <summary>
/// The share load tool's baseline node (issue 11's "ratio without the log") is what the tool says it is: it still
/// seals and sequences every audit entry, but writes no tree nodes and signs no receipts; a node beside it, without
/// the marker, does both. A baseline that quietly kept the log would make the log look free.
/// </summary>
public sealed class MerkleLogOffForBaselineTests
{
    [Fact]
    public async Task ABaselineReceiver_SequencesItsAuditButWritesNoTreeAndSignsNoReceipt_WhileTheSenderKeepsItsLog()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var federation = await TestFederation.StartAsync(["FR", "DE"], null, new Dictionary<string, Action<IServiceCollection>>
        {
            ["DE"] = services => services.AddSingleton(new MerkleLogOffForBaseline()),
        }, ct);

        var messageId = await CanaryCase.ShareAsync(federation, "FR", "DE", ct);

        var delivery = (await federation["FR"].AdminClient().Deliveries.ListDeliveriesAsync(new ListDeliveriesRequest(), cancellationToken: ct)).Deliveries.Single(d => d.MessageId == messageId);
        Assert.Equal(DeliveryState.Delivered, delivery.State);
        Assert.Empty(delivery.Receipt);

        var de = await LogFiguresAsync(federation["DE"], ct);
        Assert.Contains(de.Kinds, k => k == AuditKinds.EnvelopeAccepted);
        Assert.Equal(0, de.Nodes);
        // Sequenced by the head as before: 1..N without a gap, and the head says N.
        Assert.Equal(Enumerable.Range(1, de.Sequences.Count).Select(i => (long)i), de.Sequences);
        Assert.Equal(de.Sequences.Count, de.HeadSize);

        var fr = await LogFiguresAsync(federation["FR"], ct);
        Assert.True(fr.Nodes >= fr.HeadSize, $"FR, without the marker, wrote {fr.Nodes} tree nodes for {fr.HeadSize} leaves");
        Assert.Equal(fr.Sequences.Count, fr.HeadSize);
    }

    private static async Task<(IReadOnlyList<string> Kinds, IReadOnlyList<long> Sequences, long Nodes, long HeadSize)> LogFiguresAsync(TestNode node, CancellationToken ct)
    {
        await using var scope = node.Services.CreateAsyncScope();
        var entries = await scope.ServiceProvider.GetRequiredService<IAuditLog>().ReadAsync(0, 100_000, ct);
        var db = scope.ServiceProvider.GetRequiredService<FederationDbContext>();
        var nodes = await db.Database.SqlQueryRaw<long>("SELECT COUNT(*) AS Value FROM LogNodes").SingleAsync(ct);
        var size = await db.Database.SqlQueryRaw<long>("SELECT Size AS Value FROM LogHead WHERE Id = 1").SingleAsync(ct);
        return ([.. entries.Select(e => e.Kind)], [.. entries.Select(e => e.Sequence)], nodes, size);
    }
}
