using Federation.Core;
using Federation.Core.Inbox;

namespace Federation.Node.Inbox;

/// <summary>
/// Group commit for incoming envelopes: deliveries that arrive together are accepted in one
/// transaction, and each caller is answered only after that transaction committed. One writer,
/// so batches never race each other for the same message id.
/// </summary>
public sealed partial class InboxBatcher(IServiceScopeFactory scopes, StoreWriteTurn turn, Transparency.ReceiptSigner receiptSigner, TimeProvider timeProvider, ILogger<InboxBatcher> logger) : BackgroundService
{
    private const int MaxBatch = InboxLanes<Pending>.MaxBatch;

    // One lane per calling partner, taken in turn, a flooding partner's share of a batch bounded while others are active.
    private readonly InboxLanes<Pending> _lanes = new(timeProvider);

    // Wakes the writer thread directly (a kernel wait on its own thread): waiting on a channel would
    // queue the wake-up to the thread pool, the very resource the writer stays off. No spinning before it
    // blocks: SemaphoreSlim.Wait spins (sched_yield, Sleep(0)) each time it finds no arrival. In the embargo
    // fan-out (eleven nodes, one writer each, two cores) that spin was a fifth of perf's samples; run without perf,
    // alternated with the semaphore, the nodes kept 1.52-1.56 cores busy instead of 1.59-1.62 for the same signals,
    // and the latency did not change (README, Benchmarks): cores left free, not time saved.
    private readonly ManualResetEventSlim _arrived = new(initialState: false, spinCount: 0);

    private long _committedBatches;

    /// <summary>Batches committed since start: lets background work see that deliveries are flowing and yield to them.</summary>
    public long CommittedBatches => Interlocked.Read(ref _committedBatches);

    private long _committingTicks;

    /// <summary>
    /// Wall time the writer has spent on batches since start (judging, storing, committing, answering), as opposed to
    /// waiting for envelopes: its busy share over a period tells whether the single writer is what bounds the inbox.
    /// </summary>
    public TimeSpan CommittingTime => System.Diagnostics.Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _committingTicks));

    /// <summary>Queues <paramref name="envelope"/> in the lane of <paramref name="sender"/> (the authenticated caller) and waits for its commit.</summary>
    public Task<ReceiveResult> AcceptAsync(VerifiedEnvelope envelope, string sender, CancellationToken cancellationToken) =>
        EnqueueAsync(envelope, sender, retry: false, receipt: true, cancellationToken);

    /// <summary>
    /// As <see cref="AcceptAsync"/>, but no receipt is signed for it: its caller signs one head over the receipts of a
    /// whole call (DeliverBatch), or sends none (catch-up, where the origin asks nobody for one).
    /// </summary>
    public Task<ReceiveResult> AcceptWithoutReceiptAsync(VerifiedEnvelope envelope, string sender, CancellationToken cancellationToken) =>
        EnqueueAsync(envelope, sender, retry: false, receipt: false, cancellationToken);

    /// <summary>
    /// An operator's retry of a quarantined envelope (verified again): through the one writer like any delivery, in a
    /// lane of its own so that retries neither wait behind a partner's flood nor crowd it out.
    /// </summary>
    public Task<ReceiveResult> RetryQuarantinedAsync(VerifiedEnvelope envelope, CancellationToken cancellationToken) =>
        EnqueueAsync(envelope, "operator:quarantine", retry: true, receipt: true, cancellationToken);

    private async Task<ReceiveResult> EnqueueAsync(VerifiedEnvelope envelope, string sender, bool retry, bool receipt, CancellationToken cancellationToken)
    {
        var pending = new Pending(envelope, sender, new TaskCompletionSource<ReceiveResult>(TaskCreationOptions.RunContinuationsAsynchronously), retry, receipt);
        await _lanes.EnqueueAsync(sender, pending, cancellationToken);
        _arrived.Set();
        return await pending.Completion.Task.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// The writer runs on a thread of its own. SQLite's I/O is synchronous (a commit blocks in fsync),
    /// so a writer on the thread pool holds one of its few threads (as many as cores) for every
    /// commit: with two cores, two blocked commits stall Kestrel and every other node in the process.
    /// </summary>
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var writer = new Thread(() =>
        {
            try
            {
                Run(stoppingToken);
                stopped.TrySetResult();
            }
            catch (Exception ex)
            {
                stopped.TrySetException(ex);
            }
        })
        {
            IsBackground = true,
            Name = "inbox-writer",
        };
        writer.Start();
        return stopped.Task;
    }

    private void Run(CancellationToken stoppingToken)
    {
        var batch = new List<Pending>(MaxBatch);
        try
        {
            while (true)
            {
                batch.Clear();
                _lanes.TakeBatch(batch);
                if (batch.Count == 0)
                {
                    // Reset, then look again before sleeping: an envelope queued between the first look and the
                    // reset set the event before the reset cleared it, but it is in the lanes for the second look.
                    _arrived.Reset();
                    _lanes.TakeBatch(batch);
                    if (batch.Count == 0)
                    {
                        _arrived.Wait(stoppingToken);
                        continue;
                    }
                }

                // Blocking is the point: the store answers synchronously, on this thread.
                var started = System.Diagnostics.Stopwatch.GetTimestamp();
                CommitAsync(batch, stoppingToken).GetAwaiter().GetResult();
                Interlocked.Add(ref _committingTicks, System.Diagnostics.Stopwatch.GetTimestamp() - started);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: whoever still waits is told to retry; nothing was acknowledged for them.
            var unavailable = new FederationException(ErrorCode.Unavailable, "The node is shutting down; retry later.");
            foreach (var pending in batch)
            {
                pending.Completion.TrySetException(unavailable);
            }

            batch.Clear();
            while (true)
            {
                _lanes.TakeBatch(batch);
                if (batch.Count == 0)
                {
                    break;
                }

                foreach (var pending in batch)
                {
                    pending.Completion.TrySetException(unavailable);
                }

                batch.Clear();
            }
        }
    }

    private async Task CommitAsync(List<Pending> batch, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        IReadOnlyList<ReceiveOutcome> outcomes;
        try
        {
            var receiver = scope.ServiceProvider.GetRequiredService<ReceiveService>();
            turn.Enter(cancellationToken);
            try
            {
                var retrying = batch.Where(p => p.Retry).Select(p => p.Envelope.MessageId).ToHashSet(StringComparer.Ordinal);
                outcomes = await receiver.AcceptBatchAsync([.. batch.Select(p => p.Envelope)], retrying, cancellationToken);
            }
            finally
            {
                turn.Exit();
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Nothing of this batch committed. Whatever the store said, the envelopes themselves may be
            // fine: every sender is told to retry (a full disk stays RESOURCE_EXHAUSTED), never to give up.
            LogBatchFailed(logger, ex, batch.Count);
            var error = ex is FederationException { Code: ErrorCode.ResourceExhausted or ErrorCode.Unavailable } known
                ? known
                : new FederationException(ErrorCode.Unavailable, "The node could not store the envelope; retry later.");
            foreach (var pending in batch)
            {
                pending.Completion.TrySetException(error);
            }

            return;
        }

        // Committed: answer every sender now, from the outcomes, whatever happens next.
        Interlocked.Increment(ref _committedBatches);
        var signed = Receipts(batch, outcomes);
        for (var i = 0; i < batch.Count; i++)
        {
            if (outcomes[i].Result is { } result)
            {
                batch[i].Completion.TrySetResult(signed[i] is { Length: > 0 } receipt ? result with { Receipt = receipt } : result);
            }
            else
            {
                // The transport boundary: a refusal reaches the caller as its gRPC status.
                batch[i].Completion.TrySetException(outcomes[i].Refusal!.ToException());
            }
        }

        if (outcomes.Any(o => o.TreatyChanged))
        {
            try
            {
                // A countersignature may have brought a treaty version into force. Only the registry is
                // reloaded here (a few rows), so the next batch is judged under it; re-evaluating the
                // shared cases is left to the background worker, never to this single writer.
                await scope.ServiceProvider.GetRequiredService<Federation.Core.Treaties.TreatyService>().RefreshAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The hourly review retries the reload; the envelopes are safely stored.
                LogRefreshFailed(logger, ex);
            }
        }
    }

    /// <summary>
    /// The batch's receipts, by outcome: one signed head per sender (its lane) in the commit, so that a partner's
    /// receipts reveal nothing of other partners' traffic, not even how many arrived beside its own. Empty strings where
    /// none can be signed: the batch committed, so whatever goes wrong here must not keep its callers from their answer.
    /// </summary>
    private string[] Receipts(List<Pending> batch, IReadOnlyList<ReceiveOutcome> outcomes)
    {
        var signed = new string[outcomes.Count];
        Array.Fill(signed, string.Empty);
        foreach (var lane in Enumerable.Range(0, outcomes.Count).Where(i => outcomes[i].Result is not null && batch[i].Receipt).GroupBy(i => batch[i].Sender, StringComparer.Ordinal))
        {
            var recorded = lane.ToList();
            try
            {
                var receipts = receiptSigner.ForBatch([.. recorded.Select(i => outcomes[i].Result!)]);
                for (var i = 0; i < recorded.Count; i++)
                {
                    signed[recorded[i]] = receipts[i];
                }
            }
            catch (Exception ex)
            {
                // What committed stays committed and is acknowledged; only the promise is missing (the sender then
                // holds the delivery without a receipt, and can still ask for the inclusion proof of its leaf).
                LogReceiptsFailed(logger, ex, recorded.Count, lane.Key);
            }
        }

        return signed;
    }

    [LoggerMessage(EventId = 4003, Level = LogLevel.Error, Message = "The receipts of {Count} envelopes recorded for {Sender} could not be signed; they are acknowledged without one")]
    private static partial void LogReceiptsFailed(ILogger logger, Exception exception, int count, string sender);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Error, Message = "Reloading treaties after a countersignature failed; the hourly treaty review will retry")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Error, Message = "A batch of {Count} incoming envelopes could not be stored; the senders will retry")]
    private static partial void LogBatchFailed(ILogger logger, Exception exception, int count);

    private sealed record Pending(VerifiedEnvelope Envelope, string Sender, TaskCompletionSource<ReceiveResult> Completion, bool Retry, bool Receipt);
}
