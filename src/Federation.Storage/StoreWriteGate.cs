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
internal sealed class StoreWriteGate : IInterceptor
{
    private readonly SemaphoreSlim _turn = new(1, 1);

    private long _waited;

    /// <summary>Units of work that found the gate taken and waited for it (for tests and diagnostics).</summary>
    public long Waited => Interlocked.Read(ref _waited);

    public async Task EnterAsync(CancellationToken cancellationToken)
    {
        if (_turn.Wait(0, CancellationToken.None))
        {
            return;
        }

        Interlocked.Increment(ref _waited);
        await _turn.WaitAsync(cancellationToken);
    }

    public void Exit() => _turn.Release();
}
