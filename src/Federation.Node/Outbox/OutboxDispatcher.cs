using Federation.Core;
using Federation.Core.Abstractions;
using Federation.Core.Audit;
using Federation.Core.Delivery;
using Federation.Core.Identity;
using Federation.Node.Options;
using Federation.Node.Peers;
using Grpc.Core;
using Microsoft.Extensions.Options;

namespace Federation.Node.Outbox;

/// <summary>
/// Delivers the outbox: at least once, with capped exponential backoff and jitter. A receiver's
/// permanent refusal (bad field, bad signature) is final and shown to operators; anything that may
/// heal (partner down, busy, not yet trusting our new certificate) is retried.
/// </summary>
public sealed partial class OutboxDispatcher(
    IServiceScopeFactory scopes,
    PeerClient peers,
    DeliverySignal signal,
    Security.EnvelopeSealer sealer,
    Core.Inbox.ReplayWindow replayWindow,
    IOptions<OutboxOptions> options,
    TimeProvider timeProvider,
    ILogger<OutboxDispatcher> logger,
    Federation.Core.Events.IEventSink? events = null,
    CatchUp.CatchUpSignal? catchUp = null) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var backoff = new DeliveryBackoff(settings.InitialBackoff, settings.MaxBackoff, settings.MaxAttempts);
        // The store may be full or locked: nothing is lost (messages stay pending); the loop tries again.
        return Hosting.ResilientLoop.RunAsync(nameof(OutboxDispatcher), async cancellationToken =>
        {
            var processed = await RunOnceAsync(backoff, cancellationToken);
            if (processed < settings.BatchSize)
            {
                await signal.WaitAsync(settings.PollInterval, timeProvider, cancellationToken);
            }
        }, settings.PollInterval, TimeSpan.FromMinutes(1), timeProvider, logger, stoppingToken);
    }

    /// <summary>Delivers one batch of due messages; returns how many were attempted.</summary>
    public async Task<int> RunOnceAsync(DeliveryBackoff backoff, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var outbox = scope.ServiceProvider.GetRequiredService<IOutbox>();
        var audit = scope.ServiceProvider.GetRequiredService<IAuditLog>();
        var unitOfWork = scope.ServiceProvider.GetRequiredService<IUnitOfWork>();

        var due = await outbox.DueAsync(timeProvider.GetUtcNow(), options.Value.BatchSize, cancellationToken);
        if (due.Count == 0)
        {
            return 0;
        }

        // A message queued longer than half the replay window (its partner offline for weeks) is re-sealed before it
        // is sent, and the re-sealed copy is kept, so every later attempt sends the same bytes.
        var sealedBefore = timeProvider.GetUtcNow() - replayWindow.ResealAfter;
        foreach (var message in due.Where(m => m.CreatedAt < sealedBefore))
        {
            var resealed = sealer.ResealIfOld(message.Envelope, timeProvider.GetUtcNow(), replayWindow.ResealAfter);
            if (!ReferenceEquals(resealed, message.Envelope))
            {
                message.Reseal(resealed);
                LogResealed(logger, message.Id, message.Recipient);
            }
        }

        using var gate = new SemaphoreSlim(options.Value.MaxInFlight);
        var results = await Task.WhenAll(due.Select(async message =>
        {
            await gate.WaitAsync(cancellationToken);
            try
            {
                return (message, await AttemptAsync(message, cancellationToken));
            }
            finally
            {
                gate.Release();
            }
        }));

        var now = timeProvider.GetUtcNow();
        var failedForGood = new List<OutboxMessage>();
        foreach (var (message, result) in results)
        {
            if (result.Error is null)
            {
                if (message.Attempts > 0)
                {
                    // The partner is back after failures: what it addressed to us meanwhile may have been given up on.
                    catchUp?.Request(JurisdictionCode.Parse(message.Recipient));
                }

                message.MarkDelivered(now);
                audit.Append(AuditEntry.Create(timeProvider, AuditKinds.EnvelopeSent, "system", message.Id,
                    result.Duplicate ? "acknowledged-duplicate" : "acknowledged", $"recipient={message.Recipient}; case={message.CaseId}; revision={message.Revision}"));
                continue;
            }

            message.MarkAttemptFailed(result.Error, result.Permanent, backoff, now);
            if (message.State == DeliveryState.Failed)
            {
                LogDeliveryFailed(logger, message.Id, message.Recipient, message.Attempts, result.Error);
                failedForGood.Add(message);
                if (message.CaseId is not null
                    && await scope.ServiceProvider.GetRequiredService<Federation.Core.Cases.ICaseStore>().FindShareAsync(message.CaseId, message.Recipient, cancellationToken) is { } share
                    && share.LastMessageId == message.Id)
                {
                    // The partner never took this revision: the next re-evaluation must send one again.
                    share.MarkStale();
                }

                audit.Append(AuditEntry.Create(timeProvider, AuditKinds.EnvelopeFailed, "system", message.Id, "failed",
                    $"recipient={message.Recipient}; attempts={message.Attempts}; error={result.Error}; catch-up=the partner can still pull it"));
            }
            else
            {
                LogDeliveryRetry(logger, message.Id, message.Recipient, message.Attempts, message.NextAttemptAt, result.Error);
            }
        }

        await unitOfWork.SaveChangesAsync(cancellationToken);
        foreach (var message in failedForGood)
        {
            // A withdrawal refused for good leaves the partner holding what it should have deleted:
            // beyond the log and the audit, tell whoever follows the node's events.
            events?.Publish(new Federation.Core.Events.FederationEvent(Federation.Core.Events.EventKinds.DeliveryFailed, message.CaseId, now,
                $"message {message.Id} to {message.Recipient} failed for good after {message.Attempts} attempts: {message.LastError}"));
        }

        return due.Count;
    }

    private async Task<AttemptResult> AttemptAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        try
        {
            var ack = await peers.DeliverAsync(JurisdictionCode.Parse(message.Recipient), message.Envelope, cancellationToken);
            return new AttemptResult(null, false, ack.Duplicate);
        }
        catch (RpcException ex)
        {
            // The detail is the partner's words: escaped and capped before it reaches our log, store and operators.
            return new AttemptResult(BoundedText.Of($"{ex.StatusCode}: {ex.Status.Detail}", BoundedText.StatusMessage), IsPermanent(ex.StatusCode), false);
        }
        catch (FederationException ex)
        {
            return new AttemptResult(ex.Message, false, false);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or TimeoutException or InvalidOperationException)
        {
            return new AttemptResult(ex.Message, false, false);
        }
    }

    /// <summary>Refusals that a retry cannot change: the message itself is wrong for the receiver.</summary>
    internal static bool IsPermanent(StatusCode code) => code is StatusCode.InvalidArgument or StatusCode.FailedPrecondition
        or StatusCode.AlreadyExists or StatusCode.NotFound or StatusCode.OutOfRange or StatusCode.Unimplemented or StatusCode.DataLoss;

    private sealed record AttemptResult(string? Error, bool Permanent, bool Duplicate);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning, Message = "Delivery of {MessageId} to {Recipient} failed for good after {Attempts} attempts (it stays in the catch-up log: the partner will pull it): {Error}")]
    private static partial void LogDeliveryFailed(ILogger logger, string messageId, string recipient, int attempts, string error);

    [LoggerMessage(EventId = 3010, Level = LogLevel.Information, Message = "Re-sealed {MessageId} for {Recipient}: undelivered for half the replay window")]
    private static partial void LogResealed(ILogger logger, string messageId, string recipient);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "Delivery of {MessageId} to {Recipient} failed (attempt {Attempts}); retry at {NextAttempt:u}: {Error}")]
    private static partial void LogDeliveryRetry(ILogger logger, string messageId, string recipient, int attempts, DateTimeOffset nextAttempt, string error);
}
