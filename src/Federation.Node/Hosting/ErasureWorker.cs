using System.Threading.Channels;
using Federation.Core.Abstractions;
using Federation.Node.Inbox;
using Federation.Storage;

namespace Federation.Node.Hosting;

/// <summary>
/// Erases removed content from the store's files after the commit that removed it (a withdrawal, a
/// narrower revision, a cleared case field): the deletes themselves zero what they free
/// (<c>secure_delete</c>), and this worker then checkpoints and truncates the write-ahead log, where
/// the older page images stay otherwise (<see cref="StoreErasure"/>). In the background, so that the
/// inbox writer never waits for a checkpoint, and coalesced: any number of rings during an erasure
/// cause one more. It takes turns at the store with the inbox writer (a checkpoint holds the write
/// lock while it copies). A reader that blocks the log makes an attempt wait at most
/// <see cref="StoreErasure.ReaderWait"/>; the worker then tries again after 1 s, 2 s, … up to a
/// minute, warning from the second blocked attempt on, and never gives up while an erasure is owed. It also
/// erases once at start (a crash between a commit and its erasure) and once at stop.
/// </summary>
public sealed partial class ErasureWorker(StoreErasure store, StoreWriteTurn turn, TimeProvider timeProvider, ILogger<ErasureWorker> logger)
    : BackgroundService, IErasureSignal
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxRetry = TimeSpan.FromMinutes(1);
    private const int QuietAttempts = 2;

    // Capacity one, extra rings dropped: an owed erasure is a flag, not a queue.
    private readonly Channel<bool> _rings = Channel.CreateBounded<bool>(new BoundedChannelOptions(1)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
        SingleReader = true,
    });

    public void Notify() => _rings.Writer.TryWrite(true);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Off the host's start: SQLite answers synchronously.
        await Task.Yield();
        await ResilientLoop.RunAsync(nameof(ErasureWorker), async cancellationToken =>
        {
            // The ring is taken before the erasure, so one that comes during it causes another.
            _rings.Reader.TryRead(out _);
            await EraseAsync(cancellationToken);
            await _rings.Reader.WaitToReadAsync(cancellationToken);
        }, FirstRetry, MaxRetry, timeProvider, logger, stoppingToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            // The last commits before the stop (this worker stops after the inbox writer) leave no log behind.
            await store.TruncateWriteAheadLogAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The next start erases again.
            LogStopFailed(logger, ex);
        }
    }

    private async Task EraseAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            bool done;
            await turn.EnterAsync(cancellationToken);
            try
            {
                done = await store.TruncateWriteAheadLogAsync(cancellationToken);
            }
            finally
            {
                turn.Exit();
            }

            if (done)
            {
                if (attempt > QuietAttempts)
                {
                    LogErasedAfterWait(logger, attempt);
                }

                return;
            }

            var delay = ResilientLoop.Backoff(FirstRetry, MaxRetry, attempt);
            if (attempt >= QuietAttempts)
            {
                LogBlocked(logger, attempt, delay);
            }

            await Task.Delay(delay, timeProvider, cancellationToken);
        }
    }

    [LoggerMessage(EventId = 3201, Level = LogLevel.Warning,
        Message = "Erasing removed content from the write-ahead log was blocked by readers {Attempts} times in a row; trying again in {Delay}")]
    private static partial void LogBlocked(ILogger logger, int attempts, TimeSpan delay);

    [LoggerMessage(EventId = 3202, Level = LogLevel.Information, Message = "Removed content erased from the write-ahead log after {Attempts} attempts")]
    private static partial void LogErasedAfterWait(ILogger logger, int attempts);

    [LoggerMessage(EventId = 3203, Level = LogLevel.Warning, Message = "Erasing the write-ahead log at stop failed; the next start erases it")]
    private static partial void LogStopFailed(ILogger logger, Exception exception);
}
