namespace Federation.Node.Inbox;

/// <summary>
/// Takes turns at the store between the inbox writer and the background re-evaluation. SQLite has
/// one writer at a time, and a writer that finds the database locked is put to sleep by the driver
/// (about 150 ms per retry); waiting here instead costs the inbox at most one re-evaluation chunk's
/// commit (a few milliseconds). Other writers (operators, the outbox) are not concerned: they were
/// always concurrent with the inbox.
/// </summary>
public sealed class StoreWriteTurn : IDisposable
{
    private readonly SemaphoreSlim _turn = new(1, 1);

    /// <summary>For the inbox writer, on its own thread: a kernel wait, not a pool thread held.</summary>
    public void Enter(CancellationToken cancellationToken) => _turn.Wait(cancellationToken);

    public Task EnterAsync(CancellationToken cancellationToken) => _turn.WaitAsync(cancellationToken);

    public void Exit() => _turn.Release();

    public void Dispose() => _turn.Dispose();
}
