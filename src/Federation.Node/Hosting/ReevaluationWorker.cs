using System.Threading.Channels;
using Federation.Core.Abstractions;
using Federation.Core.Cases;
using Federation.Core.Delivery;
using Federation.Core.Sharing;
using Federation.Node.Inbox;

namespace Federation.Node.Hosting;

/// <summary>
/// Re-evaluates every shared case in the background when the treaties in force change, so that the
/// inbox writer (and an operator's install call) only ask for it and go on. Requests coalesce: any
/// number of them while a run is under way cause exactly one more run, which reads the registry as
/// it is then. Each chunk of cases is its own scope and transaction, so the store is never held for
/// the whole pass and deliveries keep committing in between; while deliveries are flowing, the worker
/// rests after each chunk as long as the chunk took, so it never takes more than about half of the
/// node's CPU from them (measured: without that, the inbox kept a tenth of its rate). A failed run is logged and retried
/// with a capped backoff; the startup re-evaluation (<see cref="NodeHost.InitializeAsync"/>) covers a restart.
/// </summary>
public sealed partial class ReevaluationWorker(
    IServiceScopeFactory scopes, StoreWriteTurn turn, InboxBatcher inbox, IDeliverySignal deliverySignal, TimeProvider timeProvider, ILogger<ReevaluationWorker> logger)
    : BackgroundService, IReevaluationSignal
{
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan MaxRest = TimeSpan.FromSeconds(1);

    // Capacity one, extra writes dropped: a pending request is a flag, not a queue.
    private readonly Channel<bool> _requests = Channel.CreateBounded<bool>(new BoundedChannelOptions(1)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
        SingleReader = true,
    });

    private int _running;
    private long _completedRuns;

    /// <summary>
    /// Cases per transaction: each chunk's commit is what the inbox writer may have to wait for, so it
    /// stays small; settable for the load tool.
    /// </summary>
    internal int ChunkSize { get; set; } = 100;

    /// <summary>Test seam: awaited before each chunk (its index), outside any scope or transaction.</summary>
    internal Func<int, CancellationToken, Task>? BeforeChunk { get; set; }

    /// <summary>Whether a run is under way now (for the load tool and tests).</summary>
    internal bool IsRunning => Volatile.Read(ref _running) == 1;

    /// <summary>A request is waiting for the next run.</summary>
    internal bool HasPendingRequest => _requests.Reader.Count > 0;

    /// <summary>Runs finished without error since the node started.</summary>
    internal long CompletedRuns => Interlocked.Read(ref _completedRuns);

    public void Request() => _requests.Writer.TryWrite(true);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Off the host's start: a request made at startup (treaty files installed) is already waiting, and
        // SQLite answers synchronously, so the first run would otherwise run inside StartAsync.
        await Task.Yield();
        var failures = 0;
        try
        {
            while (await _requests.Reader.WaitToReadAsync(stoppingToken))
            {
                _requests.Reader.TryRead(out _);
                try
                {
                    await RunAsync(stoppingToken);
                    failures = 0;
                }
                catch (ObjectDisposedException)
                {
                    // The host is gone without stopping us first (it failed to start, e.g. a port in use):
                    // nothing is left to re-evaluate with, and the next start requests a run again.
                    return;
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    // Never ends the loop (nor the host): what partners hold must still follow the treaty.
                    failures++;
                    var delay = TimeSpan.FromSeconds(Math.Min(MaxRetryDelay.TotalSeconds, Math.Pow(2, failures)));
                    LogRunFailed(logger, ex, delay);
                    Request();
                    await Task.Delay(delay, timeProvider, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down; a run cut short here is redone by the startup re-evaluation.
        }
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        Volatile.Write(ref _running, 1);
        try
        {
            IReadOnlyList<string> caseIds;
            await using (var scope = scopes.CreateAsyncScope())
            {
                caseIds = await scope.ServiceProvider.GetRequiredService<ICaseStore>().ListSharedCaseIdsAsync(cancellationToken);
            }

            var queued = 0;
            var index = 0;
            foreach (var chunk in caseIds.Chunk(ChunkSize))
            {
                if (BeforeChunk is { } hook)
                {
                    await hook(index, cancellationToken);
                }

                var committedBefore = inbox.CommittedBatches;
                var started = timeProvider.GetTimestamp();
                queued += await ReevaluateChunkAsync(chunk, cancellationToken);
                index++;
                if (inbox.CommittedBatches != committedBefore && index * ChunkSize < caseIds.Count)
                {
                    // Deliveries arrived meanwhile: give them the CPU for as long as this chunk held it.
                    var rest = timeProvider.GetElapsedTime(started);
                    await Task.Delay(rest < MaxRest ? rest : MaxRest, timeProvider, cancellationToken);
                }
            }

            Interlocked.Increment(ref _completedRuns);
            LogRunCompleted(logger, caseIds.Count, queued);
        }
        finally
        {
            Volatile.Write(ref _running, 0);
        }
    }

    /// <summary>One chunk, one scope, one transaction; the store turn is held only for the commit (cases are read and envelopes sealed before).</summary>
    private async Task<int> ReevaluateChunkAsync(string[] caseIds, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var queued = await scope.ServiceProvider.GetRequiredService<ShareService>().StageReevaluationAsync(caseIds, "system:treaty-change", cancellationToken);
        if (queued == 0)
        {
            return 0;
        }

        await turn.EnterAsync(cancellationToken);
        try
        {
            await scope.ServiceProvider.GetRequiredService<IUnitOfWork>().SaveChangesAsync(cancellationToken);
        }
        finally
        {
            turn.Exit();
        }

        deliverySignal.Notify();
        return queued;
    }

    [LoggerMessage(EventId = 5101, Level = LogLevel.Information, Message = "Re-evaluated {Cases} shared cases after a treaty change: {Queued} new revisions or withdrawals queued")]
    private static partial void LogRunCompleted(ILogger logger, int cases, int queued);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Error, Message = "Re-evaluating shared cases after a treaty change failed; retrying in {Delay}")]
    private static partial void LogRunFailed(ILogger logger, Exception exception, TimeSpan delay);
}
