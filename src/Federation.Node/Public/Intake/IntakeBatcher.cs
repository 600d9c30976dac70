using System.Threading.Channels;
using Federation.Core.Intake;

namespace Federation.Node.Public.Intake;

/// <summary>
/// Group commit for public submissions. Each report is one durable SQLite commit, and commits are serialized by the
/// audit chain's writer gate, so one commit per report caps intake near the disk's commit rate (about 140 a second
/// here) and a crowd of submitters waits in line. Submissions checked by <see cref="IntakeService.Prepare"/> queue
/// here; whoever finds no writer at work becomes it and commits everything waiting (up to <see cref="MaxBatch"/>) in
/// one transaction. A batch that fails is retried one report at a time, so one bad report never sinks the others and
/// none is stored half-way. Once queued a report is committed even if its caller gives up: it must not half-exist.
/// </summary>
public sealed partial class IntakeBatcher(IServiceScopeFactory scopes, ILogger<IntakeBatcher> logger)
{
    public const int MaxBatch = 64;

    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = false });
    private int _writing;

    public Task<IntakeReceipt> CommitAsync(IntakeDraft draft)
    {
        var pending = new Pending(draft, new TaskCompletionSource<IntakeReceipt>(TaskCreationOptions.RunContinuationsAsynchronously));
        _queue.Writer.TryWrite(pending);
        if (Interlocked.CompareExchange(ref _writing, 1, 0) == 0)
        {
            // Its own thread: SQLite commits synchronously (fsync), and a pool thread blocked on the disk under a crowd of
            // submitters starves Kestrel of the threads it serves every other request with (static files included).
            _ = Task.Factory.StartNew(() => DrainAsync().GetAwaiter().GetResult(), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }

        return pending.Done.Task;
    }

    private async Task DrainAsync()
    {
        while (true)
        {
            var batch = new List<Pending>(MaxBatch);
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var next))
            {
                batch.Add(next);
            }

            if (batch.Count == 0)
            {
                Volatile.Write(ref _writing, 0);
                // A submission queued between the last read and the release would wait for the next caller: take it now.
                if (_queue.Reader.TryPeek(out _) && Interlocked.CompareExchange(ref _writing, 1, 0) == 0)
                {
                    continue;
                }

                return;
            }

            await CommitBatchAsync(batch);
        }
    }

    private async Task CommitBatchAsync(List<Pending> batch)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var intake = scope.ServiceProvider.GetRequiredService<IntakeService>();
            foreach (var pending in batch)
            {
                await intake.StageAsync(pending.Draft, CancellationToken.None);
            }

            await scope.ServiceProvider.GetRequiredService<Core.Abstractions.IUnitOfWork>().SaveChangesAsync(CancellationToken.None);
            foreach (var pending in batch)
            {
                intake.Announce(pending.Draft);
                pending.Done.TrySetResult(pending.Draft.Receipt);
            }
        }
        catch (Exception ex) when (batch.Count > 1)
        {
            BatchFailed(logger, batch.Count, ex.GetType().Name);
            foreach (var pending in batch)
            {
                await CommitBatchAsync([pending]);
            }
        }
        catch (Exception ex)
        {
            batch[0].Done.TrySetException(ex);
        }
    }

    [LoggerMessage(EventId = 7102, Level = LogLevel.Warning, Message = "A batch of {Count} intake reports failed to commit ({Error}); retrying them one by one")]
    private static partial void BatchFailed(ILogger logger, int count, string error);

    private sealed record Pending(IntakeDraft Draft, TaskCompletionSource<IntakeReceipt> Done);
}
