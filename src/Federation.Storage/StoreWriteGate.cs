using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Federation.Storage;

/// <summary>
/// One writer at a time among the units of work of one store (one node's services), queued in memory before SQLite's
/// write lock is asked for. SQLite has one writer per file; a unit of work that finds the lock taken is put to sleep by
/// its busy handler for 1, 2, 5 … ms before it tries again (<see cref="BusyWait"/>), so it wakes up a millisecond or
/// more after the lock is free. Waiting here, it wakes when the writer before it commits. Measured in the embargo
/// fan-out: the origin's writers (the operator's call, the dispatcher's commits) slept in SQLite's handler about once
/// in three signals; with the gate, not once in 500 (README, Benchmarks).
/// <para>
/// An optimisation only: sequencing stays SQLite's (<c>BEGIN IMMEDIATE</c>). A writer that does not pass here (another
/// process on the file, a second set of services, a caller's own transaction, a bulk delete) still meets the lock and
/// waits in SQLite. A unit of work that begins its own transaction holds the gate from before that begin to after its
/// commit or rollback, with nothing in between that asks for it again: no nesting, so no deadlock. Carried by the
/// context options (like <see cref="Transparency.MerkleLogOffForBaseline"/>), so every pooled context of the store
/// finds the same one.
/// </para>
/// </summary>
internal sealed class StoreWriteGate(TimeSpan? patience = null) : IInterceptor
{
    private readonly SemaphoreSlim _turn = new(1, 1);

    /// <summary>
    /// How long a unit of work queues here before it goes on to SQLite's lock without the gate: as long as SQLite's own
    /// wait (<see cref="BusyWait"/>), so that a writer the gate does not see (another process holding the lock) makes the
    /// units queued behind it wait no longer than they would have in SQLite.
    /// </summary>
    private readonly TimeSpan _patience = patience ?? TimeSpan.FromMilliseconds(BusyWait.Milliseconds);

    private long _waited;

    /// <summary>Units of work that found the gate taken and waited for it (for tests and diagnostics).</summary>
    public long Waited => Interlocked.Read(ref _waited);

    /// <summary>
    /// Takes the gate; false when it stayed taken for longer than the patience, and the caller goes on without it (and
    /// must not <see cref="Exit"/>). A caller on a thread of its own (the inbox writer) waits on that thread: an awaited
    /// semaphore would resume it on the thread pool, and its commit (fsync included) would then block a pool thread.
    /// </summary>
    public async Task<bool> EnterAsync(CancellationToken cancellationToken)
    {
        if (_turn.Wait(0, CancellationToken.None))
        {
            return true;
        }

        Interlocked.Increment(ref _waited);
        return Thread.CurrentThread.IsThreadPoolThread
            ? await _turn.WaitAsync(_patience, cancellationToken)
            : _turn.Wait(_patience, cancellationToken);
    }

    public void Exit() => _turn.Release();
}
