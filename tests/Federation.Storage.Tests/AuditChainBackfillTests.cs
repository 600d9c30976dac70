using Federation.Core.Audit;
using Federation.Core.Transparency;
using Federation.Transparency;
using Federation.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Federation.Storage.Tests;

/// <summary>
/// The backfill checks the older SHA-256 chain before it signs any of that history into the tree: a broken link stops
/// it (nothing joins), unless the operator accepted breaks before a sequence, and then the acceptance is a leaf too.
/// </summary>
public sealed class AuditChainBackfillTests
{
    private const int Count = 60;
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 2, 8, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Backfill_OldRecordAltered_RefusedNamingItAndNothingJoins()
    {
        await using var store = await StoreFixture.CreateAsync();
        var ct = TestContext.Current.CancellationToken;
        await WriteOldChainAsync(store, ct);
        await AlterAsync(store, sequence: 17, ct);

        var error = await Assert.ThrowsAsync<AuditChainBrokenException>(store.InitializeAgainAsync);

        Assert.Equal(17, error.FirstBrokenSequence);
        Assert.Equal([17L], error.Breaks);
        Assert.Contains("broken at sequence 17", error.Message, StringComparison.Ordinal);
        await using var scope = store.Scope();
        Assert.Equal(0, (await scope.ServiceProvider.GetRequiredService<ITransparencyLog>().HeadAsync(ct)).Size);
    }

    [Fact]
    public async Task Backfill_BreakAccepted_HistoryJoinsAndTheAcceptanceIsTheNextLeafOnce()
    {
        await using var store = await StoreFixture.CreateAsync();
        var ct = TestContext.Current.CancellationToken;
        await WriteOldChainAsync(store, ct);
        await AlterAsync(store, sequence: 17, ct);
        var initializer = store.Services.GetRequiredService<StorageInitializer>();

        // An acceptance that stops short of the break is no acceptance of it.
        var stopsShort = await Assert.ThrowsAsync<AuditChainBrokenException>(() => initializer.InitializeAsync(17, ct));
        Assert.Equal(17, stopsShort.FirstBrokenSequence);

        await initializer.InitializeAsync(18, ct);
        await initializer.InitializeAsync(18, ct);

        await using var scope = store.Scope();
        var log = scope.ServiceProvider.GetRequiredService<ITransparencyLog>();
        var head = await log.HeadAsync(ct);
        Assert.Equal(Count + 1, head.Size);
        var leaves = await log.LeavesAsync(0, Count + 10, ct);
        var acceptance = Assert.Single(leaves, l => l.Kind == AuditKinds.AuditChainBreakAccepted);
        Assert.Equal(Count, acceptance.Index);
        Assert.Equal(("operator:configuration", "accepted"), (acceptance.Actor, acceptance.Outcome));
        var entry = (await scope.ServiceProvider.GetRequiredService<IAuditLog>().ReadAsync(Count, 1, ct)).Single();
        Assert.Contains("broken at 1 entry: 17", entry.Detail, StringComparison.Ordinal);
        Assert.Contains("before sequence 18", entry.Detail, StringComparison.Ordinal);
        var tree = new MerkleTree();
        foreach (var leaf in leaves)
        {
            tree.Append(leaf.Hash());
        }

        Assert.Equal(tree.Root(), head.RootHash);
    }

    [Fact]
    public async Task Backfill_ChainIntact_JoinsWithoutAnAcceptanceLeaf()
    {
        await using var store = await StoreFixture.CreateAsync();
        var ct = TestContext.Current.CancellationToken;
        await WriteOldChainAsync(store, ct);

        await store.Services.GetRequiredService<StorageInitializer>().InitializeAsync(18, ct);

        await using var scope = store.Scope();
        var log = scope.ServiceProvider.GetRequiredService<ITransparencyLog>();
        Assert.Equal(Count, (await log.HeadAsync(ct)).Size);
        Assert.DoesNotContain(await log.LeavesAsync(0, Count + 10, ct), l => l.Kind == AuditKinds.AuditChainBreakAccepted);
    }

    private Task WriteOldChainAsync(StoreFixture store, CancellationToken ct) => OldAuditChain.WriteAsync(store.ConnectionString, Count, _clock, ct);

    private static Task AlterAsync(StoreFixture store, long sequence, CancellationToken ct) => OldAuditChain.AlterAsync(store.ConnectionString, sequence, ct);
}
