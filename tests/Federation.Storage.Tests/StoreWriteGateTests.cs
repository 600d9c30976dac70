using Federation.Core.Abstractions;
using Federation.Core.Audit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Federation.Storage.Tests;

/// <summary>
/// The units of work of one store queue in memory for the write (<see cref="StoreWriteGate"/>) instead of sleeping in
/// SQLite's busy handler; a writer with other services (another process) is not held by it, and no failure or
/// cancellation leaves the gate taken.
/// </summary>
public sealed class StoreWriteGateTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 8, 4, 0, 0, TimeSpan.Zero));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AUnitOfWork_WhileAnotherOfTheStoreWrites_WaitsForTheGateAndCommitsAfterIt()
    {
        await using var store = await StoreFixture.CreateAsync();
        var gate = store.Services.GetRequiredService<StoreWriteGate>();
        await gate.EnterAsync(Ct);
        Task save;
        try
        {
            save = SaveEntryAsync(store, "waiting", Ct);
            // Without the gate this save would take SQLite's free lock and commit at once.
            await Task.Delay(300, Ct);
            Assert.False(save.IsCompleted);
            Assert.Equal(1, gate.Waited);

            // The lock in the file is free meanwhile: a writer with services of its own (as another process) is not held.
            await using var second = store.SecondWriter();
            await SaveEntryAsync(second, "other-process", Ct).WaitAsync(Bound, Ct);
        }
        finally
        {
            gate.Exit();
        }

        await save.WaitAsync(Bound, Ct);
        Assert.Equal(["other-process", "waiting"], await ActorsAsync(store));
    }

    [Fact]
    public async Task AFailedUnitOfWork_LeavesTheGateFree()
    {
        await using var store = await StoreFixture.CreateAsync();
        var gate = store.Services.GetRequiredService<StoreWriteGate>();
        await SaveEntryAsync(store, "first", Ct);

        // The same entry id twice: the insert fails inside the transaction, after the gate was taken.
        var duplicate = AuditEntry.Create(_clock, AuditKinds.CaseUpdated, "twice", "case-1", "ok");
        await using (var scope = store.Scope())
        {
            scope.ServiceProvider.GetRequiredService<IAuditLog>().Append(duplicate);
            await scope.ServiceProvider.GetRequiredService<IUnitOfWork>().SaveChangesAsync(Ct);
        }

        await using (var scope = store.Scope())
        {
            scope.ServiceProvider.GetRequiredService<IAuditLog>().Append(duplicate);
            await Assert.ThrowsAnyAsync<Exception>(() => scope.ServiceProvider.GetRequiredService<IUnitOfWork>().SaveChangesAsync(Ct));
        }

        await SaveEntryAsync(store, "after", Ct).WaitAsync(Bound, Ct);
        Assert.Equal(0, gate.Waited);
        Assert.Equal(["first", "twice", "after"], await ActorsAsync(store));
    }

    [Fact]
    public async Task AUnitOfWork_CancelledWhileWaiting_SavesNothingAndLeavesTheGateAsItWas()
    {
        await using var store = await StoreFixture.CreateAsync();
        var gate = store.Services.GetRequiredService<StoreWriteGate>();
        await gate.EnterAsync(Ct);
        try
        {
            using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);
            var save = SaveEntryAsync(store, "cancelled", cancel.Token);
            await Task.Delay(100, Ct);
            cancel.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => save.WaitAsync(Bound, Ct));
        }
        finally
        {
            gate.Exit();
        }

        // The cancelled waiter took no turn: the next one gets the gate at once, and the cancelled entry is not stored.
        await SaveEntryAsync(store, "next", Ct).WaitAsync(Bound, Ct);
        Assert.Equal(["next"], await ActorsAsync(store));
    }

    [Fact]
    public async Task ManyUnitsOfWorkAtOnce_AllCommitOnceEach_InOneUnbrokenSequence()
    {
        await using var store = await StoreFixture.CreateAsync();
        var gate = store.Services.GetRequiredService<StoreWriteGate>();
        const int writers = 8;
        const int each = 15;

        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < each; i++)
            {
                await SaveEntryAsync(store, $"w{w}", Ct);
            }
        }, Ct))).WaitAsync(TimeSpan.FromSeconds(120), Ct);

        await using var scope = store.Scope();
        var entries = await scope.ServiceProvider.GetRequiredService<IAuditLog>().ReadAsync(0, 1000, Ct);
        Assert.Equal(Enumerable.Range(1, writers * each).Select(i => (long)i), entries.Select(e => e.Sequence));
        Assert.All(Enumerable.Range(0, writers), w => Assert.Equal(each, entries.Count(e => e.Actor == $"w{w}")));
        // Eight writers on two cores meet each other: some of them waited at the gate rather than in SQLite.
        Assert.True(gate.Waited > 0, "no writer ever found the gate taken");
    }

    private async Task SaveEntryAsync(StoreFixture store, string actor, CancellationToken cancellationToken)
    {
        await using var scope = store.Scope();
        scope.ServiceProvider.GetRequiredService<IAuditLog>().Append(AuditEntry.Create(_clock, AuditKinds.CaseUpdated, actor, "case-1", "ok"));
        await scope.ServiceProvider.GetRequiredService<IUnitOfWork>().SaveChangesAsync(cancellationToken);
    }

    private static async Task<List<string>> ActorsAsync(StoreFixture store)
    {
        await using var scope = store.Scope();
        return [.. (await scope.ServiceProvider.GetRequiredService<IAuditLog>().ReadAsync(0, 100, Ct)).Select(e => e.Actor)];
    }
}
