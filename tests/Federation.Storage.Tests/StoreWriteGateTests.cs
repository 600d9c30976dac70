using Federation.Core.Abstractions;
using Federation.Core.Audit;
using Federation.Testing;
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
            // Without the gate this save would take SQLite's free lock and commit before the call returned.
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
            var refused = await Assert.ThrowsAsync<Federation.Core.FederationException>(() => scope.ServiceProvider.GetRequiredService<IUnitOfWork>().SaveChangesAsync(Ct));
            Assert.Equal(Federation.Core.ErrorCode.AlreadyExists, refused.Code);
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
            // Counted before the first await: the save is at the gate, not anywhere further.
            Assert.Equal(1, gate.Waited);
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

        // Held while the writers start, so that they meet at the gate whatever the machine's scheduling.
        await gate.EnterAsync(Ct);
        Task all;
        try
        {
            all = Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
            {
                for (var i = 0; i < each; i++)
                {
                    await SaveEntryAsync(store, $"w{w}", Ct);
                }
            }, Ct)));
            await Eventually.UntilAsync(() => Task.FromResult(gate.Waited), waited => waited > 0, "a writer to queue at the gate", Bound);
        }
        finally
        {
            gate.Exit();
        }

        await all.WaitAsync(TimeSpan.FromSeconds(120), Ct);
        await using var scope = store.Scope();
        var entries = await scope.ServiceProvider.GetRequiredService<IAuditLog>().ReadAsync(0, 1000, Ct);
        Assert.Equal(Enumerable.Range(1, writers * each).Select(i => (long)i), entries.Select(e => e.Sequence));
        Assert.All(Enumerable.Range(0, writers), w => Assert.Equal(each, entries.Count(e => e.Actor == $"w{w}")));
    }

    [Fact]
    public async Task AUnitOfWorkInsideACallersTransaction_DoesNotWaitForTheGate()
    {
        await using var store = await StoreFixture.CreateAsync();
        var gate = store.Services.GetRequiredService<StoreWriteGate>();
        await gate.EnterAsync(Ct);
        try
        {
            // The caller's transaction holds SQLite's lock itself; its save must not queue for the gate (which another
            // writer of the store may hold while it waits for that very lock).
            await using var scope = store.Scope();
            var db = scope.ServiceProvider.GetRequiredService<FederationDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync(Ct);
            scope.ServiceProvider.GetRequiredService<IAuditLog>().Append(AuditEntry.Create(_clock, AuditKinds.CaseUpdated, "inside", "case-1", "ok"));
            await scope.ServiceProvider.GetRequiredService<IUnitOfWork>().SaveChangesAsync(Ct).WaitAsync(Bound, Ct);
            await transaction.CommitAsync(Ct);
            Assert.Equal(0, gate.Waited);
        }
        finally
        {
            gate.Exit();
        }

        Assert.Equal(["inside"], await ActorsAsync(store));
    }

    [Fact]
    public async Task AGateHeldPastItsPatience_LetsTheNextGoOnWithoutIt()
    {
        var gate = new StoreWriteGate(TimeSpan.FromMilliseconds(50));
        Assert.True(await gate.EnterAsync(Ct));

        // Another process could be holding SQLite's lock behind a writer of ours: past the patience the next one goes
        // on to SQLite's own wait instead of queueing here without end.
        Assert.False(await Task.Run(() => gate.EnterAsync(Ct), Ct).WaitAsync(Bound, Ct));
        gate.Exit();
        Assert.True(await gate.EnterAsync(Ct));
        gate.Exit();
    }

    [Fact]
    public async Task AWriterOnAThreadOfItsOwn_WaitsOnThatThread()
    {
        var gate = new StoreWriteGate();
        Assert.True(await gate.EnterAsync(Ct));
        bool? completedWhenReturned = null;
        bool? entered = null;
        Exception? failed = null;
        var writer = new Thread(() =>
        {
            try
            {
                // As the inbox writer does: its own thread, not the pool's. The call returns only once the gate is its.
                var task = gate.EnterAsync(Ct);
                completedWhenReturned = task.IsCompleted;
                entered = task.GetAwaiter().GetResult();
                gate.Exit();
            }
            catch (Exception ex)
            {
                // Not thrown on this thread: an exception escaping it would end the test process.
                failed = ex;
            }
        });
        writer.Start();
        try
        {
            await Eventually.UntilAsync(() => Task.FromResult(gate.Waited), waited => waited > 0, "the writer to queue at the gate", Bound);
        }
        finally
        {
            gate.Exit();
        }

        Assert.True(writer.Join(Bound));
        Assert.Null(failed);
        Assert.True(completedWhenReturned);
        Assert.True(entered);
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
