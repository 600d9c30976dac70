using DeliverBatchResponse = Federation.Contracts.V1.DeliverBatchResponse;
using DeliveryOutcome = Federation.Contracts.V1.DeliveryOutcome;
using Federation.Core;
using Federation.Core.Abstractions;
using Federation.Core.Audit;
using Federation.Core.Delivery;
using Federation.Core.Identity;
using Federation.Core.Transparency;
using Federation.Node.Options;
using Federation.Node.Peers;
using Federation.Transparency;
using Grpc.Core;
using Microsoft.Extensions.Options;

namespace Federation.Node.Outbox;

/// <summary>
/// Delivers the outbox: at least once, with capped exponential backoff and jitter. A receiver's
/// permanent refusal (bad field, bad signature) is final and shown to operators; anything that may
/// heal (partner down, busy, not yet trusting our new certificate) is retried. Messages to a partner an operator
/// suspended are held, untouched; a partner that answers RESOURCE_EXHAUSTED with a RetryInfo is left alone for that
/// delay, and its messages wait without an attempt counted: being told to slow down is not a failure.
/// </summary>
public sealed partial class OutboxDispatcher(
    IServiceScopeFactory scopes,
    PeerClient peers,
    PeerSuspensions suspensions,
    DeliverySignal signal,
    Security.EnvelopeSealer sealer,
    Core.Inbox.ReplayWindow replayWindow,
    DeliveryReceiptVerifier receipts,
    PartnerProtocols protocols,
    IOptions<OutboxOptions> options,
    IOptions<NodeOptions> nodeOptions,
    TimeProvider timeProvider,
    ILogger<OutboxDispatcher> logger,
    Federation.Core.Events.IEventSink? events = null,
    CatchUp.CatchUpSignal? catchUp = null) : BackgroundService
{
    // Partners that asked us to come back later (RetryInfo), and when. In memory: after a restart, one call asks again.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, DateTimeOffset> _pausedUntil = new(StringComparer.Ordinal);

    // Keyed by the message object of one batch in hand (rows are read afresh for every batch), removed when the batch ends.
    // Not a ConditionalWeakTable, as until 2026-12-08: at thousands of messages a second it added a GC dependent handle
    // per message and replaced its containers again and again, and the replaced ones lived until a full collection ran
    // their finalizers (a gcdump of FR: 2.9 MiB of its entry arrays live after 200,000 shares, 9.4 MiB after 700,000).
    private readonly System.Collections.Concurrent.ConcurrentDictionary<OutboxMessage, SentEnvelopeFacts> _facts = new(ReferenceEqualityComparer.Instance);

    /// <summary>Messages whose facts are held now: those of the batches in hand only (tests).</summary>
    internal int FactsHeld => _facts.Count;

    // Calls in flight across every batch in flight (Federation:Outbox:MaxInFlight).
    private readonly SemaphoreSlim _callGate = new(options.Value.MaxInFlight);

    private long _calls;
    private long _batchedEnvelopes;

    /// <summary>Delivery calls made since start, either kind (for the load tool and operators' metrics).</summary>
    public long Calls => Interlocked.Read(ref _calls);

    /// <summary>Envelopes sent in DeliverBatch calls since start (the rest went one a call).</summary>
    public long BatchedEnvelopes => Interlocked.Read(ref _batchedEnvelopes);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var backoff = new DeliveryBackoff(settings.InitialBackoff, settings.MaxBackoff, settings.MaxAttempts);
        // Batches sent and not yet committed, oldest first (at most BatchesInFlight): each commits after the one before
        // it, in order, while later ones are fetched and sent (issue 13). Their messages are in hand: still pending in
        // the store until their batch commits, they must not be fetched and sent again by a later batch.
        var inFlight = new Queue<Task>();
        var last = Task.CompletedTask;
        var inHand = new System.Collections.Concurrent.ConcurrentDictionary<string, byte>(StringComparer.Ordinal);
        // The store may be full or locked: nothing is lost (messages stay pending); the loop tries again.
        try
        {
            await Hosting.ResilientLoop.RunAsync(nameof(OutboxDispatcher), async cancellationToken =>
            {
                var fetched = await FetchAsync(new HashSet<string>(inHand.Keys, StringComparer.Ordinal), cancellationToken);
                if (fetched is null)
                {
                    // Drained for now: what was sent is committed before waiting, so that what was delivered shows as delivered.
                    await DrainAsync(inFlight);
                    await signal.WaitAsync(NextWait(settings.PollInterval), timeProvider, cancellationToken);
                    return;
                }

                foreach (var message in fetched.Due)
                {
                    inHand[message.Id] = 0;
                }

                last = SendAndCommitAsync(fetched, backoff, last, inHand, cancellationToken);
                inFlight.Enqueue(last);
                if (fetched.Due.Count < settings.BatchSize)
                {
                    // A partial batch: the outbox is drained for now.
                    await DrainAsync(inFlight);
                    await signal.WaitAsync(NextWait(settings.PollInterval), timeProvider, cancellationToken);
                    return;
                }

                while (inFlight.Count >= settings.BatchesInFlight)
                {
                    // A failed one is reported here, once (by the loop); its messages stay pending and go again.
                    await inFlight.Dequeue();
                }
            }, settings.PollInterval, TimeSpan.FromMinutes(1), timeProvider, logger, stoppingToken);
        }
        finally
        {
            // Stopping: the batches still in flight end (their calls and commits see the stop) before the node's services
            // are disposed under them. What they did not commit stays pending and goes again, answered as duplicates.
            await AfterAsync(last);
        }
    }

    /// <summary>Waits for <paramref name="previous"/> to end; its failure is reported where the loop awaits it, not here.</summary>
    private static async Task AfterAsync(Task previous)
    {
        try
        {
            await previous;
        }
        catch (Exception)
        {
            // Reported by the loop (or, at shutdown, of no consequence: its messages are still pending and go again).
        }
    }

    /// <summary>Waits for every batch in flight, oldest first; the first failure is thrown (the others stay to be awaited next).</summary>
    private static async Task DrainAsync(Queue<Task> inFlight)
    {
        while (inFlight.Count > 0)
        {
            await inFlight.Dequeue();
        }
    }

    /// <summary>
    /// Sends a fetched batch, then commits what came of it once the batch before it (<paramref name="previous"/>) has
    /// committed or failed: one commit at a time, in order. Either way its messages leave <paramref name="inHand"/>, since
    /// the store now says what to send next (delivered, or still pending).
    /// </summary>
    private async Task SendAndCommitAsync(FetchedBatch fetched, DeliveryBackoff backoff, Task previous,
        System.Collections.Concurrent.ConcurrentDictionary<string, byte> inHand, CancellationToken cancellationToken)
    {
        try
        {
            var sent = await SendAsync(fetched, backoff, cancellationToken);
            await AfterAsync(previous);
            await CommitAsync(sent, cancellationToken);
        }
        finally
        {
            // Whatever happened to this batch, it ends only after the one before it: a batch whose send failed must not let
            // the next one commit beside (or before) an earlier one still committing.
            await AfterAsync(previous);
            try
            {
                await fetched.Scope.DisposeAsync();
            }
            finally
            {
                // Even when the scope's disposal fails: messages left in hand would never be fetched again.
                foreach (var message in fetched.Due)
                {
                    _facts.TryRemove(message, out _);
                    inHand.TryRemove(message.Id, out _);
                }
            }
        }
    }

    /// <summary>
    /// Fetches one batch of due messages, leaving out <paramref name="excluded"/> (batches still in flight); null when
    /// nothing is due. The batch's scope (its unit of work holds the messages) goes with it, to be disposed after its commit.
    /// </summary>
    private async Task<FetchedBatch?> FetchAsync(IReadOnlySet<string> excluded, CancellationToken cancellationToken)
    {
        var scope = scopes.CreateAsyncScope();
        try
        {
            var due = await FetchInAsync(scope, excluded, cancellationToken);
            if (due.Count == 0)
            {
                await scope.DisposeAsync();
                return null;
            }

            return new FetchedBatch(scope, due);
        }
        catch
        {
            await scope.DisposeAsync();
            throw;
        }
    }

    private async Task<IReadOnlyList<OutboxMessage>> FetchInAsync(AsyncServiceScope scope, IReadOnlySet<string> excluded, CancellationToken cancellationToken)
    {
        var outbox = scope.ServiceProvider.GetRequiredService<IOutbox>();
        var limit = options.Value.BatchSize;
        var fetched = await outbox.DueAsync(timeProvider.GetUtcNow(), limit + excluded.Count, Held(timeProvider.GetUtcNow()), cancellationToken);
        var due = excluded.Count == 0 ? fetched : [.. fetched.Where(m => !excluded.Contains(m.Id)).Take(limit)];
        if (due.Count == 0)
        {
            return due;
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

        return due;
    }

    private async Task<SentBatch> SendAsync(FetchedBatch fetched, DeliveryBackoff backoff, CancellationToken cancellationToken)
    {
        var calls = await CallsAsync(fetched.Due, cancellationToken);
        var answered = await Task.WhenAll(calls.Select(async call =>
        {
            // One gate for every batch in flight: MaxInFlight calls at most, however many batches they belong to.
            await _callGate.WaitAsync(cancellationToken);
            try
            {
                if (IsHeld(call[0].Recipient, timeProvider.GetUtcNow()))
                {
                    // The partner asked for a pause (or was suspended) while this batch was on its way: not sent, not counted.
                    return [.. call.Select(m => (m, AttemptResult.NotSent))];
                }

                return call.Count == 1 ? [(call[0], await AttemptAsync(call[0], cancellationToken))] : await AttemptBatchAsync(call, cancellationToken);
            }
            finally
            {
                _callGate.Release();
            }
        }));
        var results = answered.SelectMany(a => a).ToArray();

        // A partner that asked us to wait is paused now, before the next batch's calls go (the batches in flight may
        // already have sent theirs: a busy partner gets at most those before the pause).
        var answeredAt = timeProvider.GetUtcNow();
        foreach (var (message, result) in results)
        {
            if (result.RetryAfter is { } retryAfter)
            {
                Pause(message.Recipient, answeredAt + retryAfter);
            }
        }

        return new SentBatch(fetched.Scope, fetched.Due, results, backoff);
    }

    /// <summary>Records what came of a sent batch (delivered, deferred, failed) and commits it in one unit of work.</summary>
    private async Task CommitAsync(SentBatch batch, CancellationToken cancellationToken)
    {
        var (scope, _, results, backoff) = batch;
        var audit = scope.ServiceProvider.GetRequiredService<IAuditLog>();
        var unitOfWork = scope.ServiceProvider.GetRequiredService<IUnitOfWork>();
        var outbox = scope.ServiceProvider.GetRequiredService<IOutbox>();
        var now = timeProvider.GetUtcNow();
        var failedForGood = new List<OutboxMessage>();
        var keptHeads = new HashSet<DeliveryReceiptHead>(ReferenceEqualityComparer.Instance);
        foreach (var (message, result) in results)
        {
            if (ReferenceEquals(result, AttemptResult.NotSent))
            {
                continue;
            }

            if (result.RetryAfter is { } retryAfter)
            {
                var until = Pause(message.Recipient, now + retryAfter);
                message.Defer(result.Error!, until);
                LogDeferred(logger, message.Id, message.Recipient, until, result.Error!);
                continue;
            }

            if (result.Error is null)
            {
                if (message.Attempts > 0)
                {
                    // The partner is back after failures: what it addressed to us meanwhile may have been given up on.
                    catchUp?.Request(JurisdictionCode.Parse(message.Recipient));
                }

                message.MarkDelivered(now, result.ReceiptHead, result.ReceiptPosition);
                if (result.Receipt is { } receipt)
                {
                    outbox.KeepReceipt(new DeliveryReceipt(message.Id, receipt, now));
                }
                else if (result.ReceiptHead is { } head && keptHeads.Add(head))
                {
                    // One head for all the receipts of a call, kept with the first of them; each row names it.
                    outbox.KeepReceiptHead(head);
                }

                if (result.ReceiptRefusal is { } refusal)
                {
                    // Delivered all the same (the partner stored the message): only its promise is not kept.
                    var reason = BoundedText.Of(refusal, BoundedText.StatusMessage);
                    audit.Append(AuditEntry.Create(timeProvider, AuditKinds.ReceiptRefused, $"peer:{message.Recipient}", message.Id, "refused", reason));
                    LogReceiptRefused(logger, message.Id, message.Recipient, reason);
                }

                var sent = Facts(message);
                audit.Append(AuditEntry.Create(timeProvider, AuditKinds.EnvelopeSent, "system", message.Id,
                    result.Duplicate ? "acknowledged-duplicate" : "acknowledged", $"recipient={message.Recipient}; case={message.CaseId}; revision={message.Revision}",
                    sent.Treaty, sent.Digest));
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

                var failed = Facts(message);
                audit.Append(AuditEntry.Create(timeProvider, AuditKinds.EnvelopeFailed, "system", message.Id, "failed",
                    $"recipient={message.Recipient}; attempts={message.Attempts}; error={result.Error}; catch-up=the partner can still pull it",
                    failed.Treaty, failed.Digest));
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
    }

    private async Task<AttemptResult> AttemptAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        try
        {
            var recipient = JurisdictionCode.Parse(message.Recipient);
            Interlocked.Increment(ref _calls);
            var ack = await peers.DeliverAsync(recipient, message.Envelope, cancellationToken);
            protocols.NoteReachable(recipient);
            var receipt = await receipts.CheckAsync(ack.Receipt, recipient, message.Id, Facts(message).Digest, cancellationToken);
            return new AttemptResult(null, false, ack.Duplicate) { Receipt = receipt.Kept, ReceiptRefusal = receipt.Refusal, ReceiptHead = receipt.Head, ReceiptPosition = receipt.Position };
        }
        catch (Exception ex) when (ex is RpcException or FederationException or HttpRequestException or IOException or TimeoutException or InvalidOperationException)
        {
            return Failure(ex);
        }
    }

    /// <summary>
    /// The batch cut into calls: each partner's messages in order, as many a call as it takes (<see cref="PartnerProtocols"/>),
    /// and no more bytes a call than half the largest message either node takes, so that a batch of large envelopes is
    /// never refused for its size. A partner that takes one a call gets one a call.
    /// </summary>
    private async Task<List<List<OutboxMessage>>> CallsAsync(IReadOnlyList<OutboxMessage> due, CancellationToken cancellationToken)
    {
        var calls = new List<List<OutboxMessage>>();
        foreach (var partner in due.GroupBy(m => m.Recipient, StringComparer.Ordinal))
        {
            var (perCall, partnerMaxBytes, _) = await protocols.CallShapeAsync(JurisdictionCode.Parse(partner.Key), cancellationToken);
            // Half the smaller of the two limits: room for the request's own framing, whichever side is stricter.
            var byteBudget = (partnerMaxBytes > 0 ? Math.Min(partnerMaxBytes, nodeOptions.Value.MaxMessageBytes) : nodeOptions.Value.MaxMessageBytes) / 2;
            List<OutboxMessage>? call = null;
            var bytes = 0;
            foreach (var message in partner)
            {
                if (call is null || call.Count >= perCall || bytes + message.Envelope.Length > byteBudget)
                {
                    call = [];
                    calls.Add(call);
                    bytes = 0;
                }

                call.Add(message);
                bytes += message.Envelope.Length;
            }
        }

        return calls;
    }

    /// <summary>
    /// One DeliverBatch call for messages to one partner: each gets what came of it, exactly as a Deliver of it alone
    /// would have given (its ack and receipt, or its own refusal). A failure of the whole call is every message's. A
    /// partner that turns out not to speak batches is asked one envelope a call from now on, these ones included.
    /// </summary>
    private async Task<(OutboxMessage Message, AttemptResult Result)[]> AttemptBatchAsync(List<OutboxMessage> call, CancellationToken cancellationToken)
    {
        var recipient = JurisdictionCode.Parse(call[0].Recipient);
        DeliverBatchResponse response;
        try
        {
            Interlocked.Increment(ref _calls);
            Interlocked.Add(ref _batchedEnvelopes, call.Count);
            // Asked again here, not kept from the cut: the answer is cached, and a fall-back since must take effect.
            var (_, _, sealTogether) = await protocols.CallShapeAsync(recipient, cancellationToken);
            response = await peers.DeliverBatchAsync(recipient, [.. call.Select(m => m.Envelope)],
                sealTogether ? [.. call.Select(m => Facts(m).MayShareSignature)] : null, cancellationToken);
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.Unimplemented
                                      || (ex.StatusCode == StatusCode.FailedPrecondition && ex.GetRpcStatus()?.GetDetail<Google.Rpc.ErrorInfo>()?.Reason == "PROTOCOL_VERSION_UNSUPPORTED"))
        {
            // An older node (or one whose operators turned batches off): not the messages' fault, never a failed attempt.
            protocols.FallBack(recipient, $"{ex.StatusCode}: {BoundedText.Of(ex.Status.Detail, BoundedText.StatusMessage)}");
            return await Task.WhenAll(call.Select(async m => (m, await AttemptAsync(m, cancellationToken))));
        }
        catch (Exception ex) when (ex is RpcException or FederationException or HttpRequestException or IOException or TimeoutException or InvalidOperationException)
        {
            var failed = Failure(ex);
            return [.. call.Select(m => (m, failed))];
        }

        if (response.Outcomes.Count != call.Count)
        {
            // Which answer is whose cannot be known: nothing is taken as delivered, and every message goes again (idempotent).
            var garbled = new AttemptResult($"{recipient} answered a batch of {call.Count} with {response.Outcomes.Count} outcomes", false, false);
            return [.. call.Select(m => (m, garbled))];
        }

        var underHead = await UnderHeadAsync(call, recipient, response, cancellationToken);
        var results = new (OutboxMessage, AttemptResult)[call.Count];
        for (var i = 0; i < call.Count; i++)
        {
            results[i] = (call[i], await OutcomeAsync(call[i], recipient, response.Outcomes[i], underHead[i], cancellationToken));
        }

        return results;
    }

    /// <summary>
    /// The receipts of a call answered with one receipt head, by position (null where the acknowledgement gave no log
    /// index): each rebuilt from what this node sent (its message id and digest) at the index the receiver gave, and
    /// checked against the head at once. An acknowledgement of another message than the one sent is no receipt's.
    /// </summary>
    private async Task<ReceiptCheck?[]> UnderHeadAsync(List<OutboxMessage> call, JurisdictionCode recipient, DeliverBatchResponse response, CancellationToken cancellationToken)
    {
        var checks = new ReceiptCheck?[call.Count];
        var at = new List<int>(call.Count);
        var promised = new List<LogReceipt>(call.Count);
        var log = AuditLogName.Of(recipient);
        for (var i = 0; i < call.Count; i++)
        {
            if (response.Outcomes[i] is { ResultCase: DeliveryOutcome.ResultOneofCase.Ack, Ack: { HasReceiptIndex: true } ack } && ack.MessageId == call[i].Id)
            {
                at.Add(i);
                promised.Add(new LogReceipt(log, ack.ReceiptIndex, call[i].Id, Facts(call[i]).Digest ?? []));
            }
        }

        var kept = await receipts.CheckHeadAsync(response.ReceiptHead, recipient, promised, cancellationToken);
        for (var i = 0; i < at.Count; i++)
        {
            checks[at[i]] = kept[i];
        }

        return checks;
    }

    private async Task<AttemptResult> OutcomeAsync(OutboxMessage message, JurisdictionCode recipient, DeliveryOutcome outcome, ReceiptCheck? underHead, CancellationToken cancellationToken)
    {
        if (outcome.ResultCase == DeliveryOutcome.ResultOneofCase.Ack)
        {
            var ack = outcome.Ack;
            if (ack.MessageId != message.Id)
            {
                return new AttemptResult($"{recipient} acknowledged {BoundedText.Of(ack.MessageId, 80)} in the place of {message.Id}", false, false);
            }

            // A receiver that predates receipt heads sends each receipt whole.
            var receipt = underHead ?? await receipts.CheckAsync(ack.Receipt, recipient, message.Id, Facts(message).Digest, cancellationToken);
            return new AttemptResult(null, false, ack.Duplicate) { Receipt = receipt.Kept, ReceiptRefusal = receipt.Refusal, ReceiptHead = receipt.Head, ReceiptPosition = receipt.Position };
        }

        if (outcome.ResultCase != DeliveryOutcome.ResultOneofCase.Refusal || outcome.Refusal.Code == (int)StatusCode.OK)
        {
            return new AttemptResult($"{recipient} gave no outcome for this message in its batch answer", false, false);
        }

        var refusal = outcome.Refusal;
        var code = (StatusCode)refusal.Code;
        var error = BoundedText.Of($"{code}: {refusal.Message}", BoundedText.StatusMessage);
        if (code == StatusCode.ResourceExhausted && refusal.RetryDelay is { } delay)
        {
            return new AttemptResult(error, false, false, Clamp(delay.ToTimeSpan()));
        }

        return new AttemptResult(error, IsPermanent(code), false);
    }

    /// <summary>What a failed call means for each message it carried, as <see cref="AttemptAsync"/> reads it.</summary>
    private AttemptResult Failure(Exception ex) => ex switch
    {
        RpcException { StatusCode: StatusCode.ResourceExhausted } rpc when RetryDelay(rpc) is { } delay =>
            new AttemptResult(BoundedText.Of($"{rpc.StatusCode}: {rpc.Status.Detail}", BoundedText.StatusMessage), false, false, delay),
        // The detail is the partner's words: escaped and capped before it reaches our log, store and operators.
        RpcException rpc => new AttemptResult(BoundedText.Of($"{rpc.StatusCode}: {rpc.Status.Detail}", BoundedText.StatusMessage), IsPermanent(rpc.StatusCode), false),
        _ => new AttemptResult(ex.Message, false, false),
    };

    /// <summary>Refusals that a retry cannot change: the message itself is wrong for the receiver.</summary>
    internal static bool IsPermanent(StatusCode code) => code is StatusCode.InvalidArgument or StatusCode.FailedPrecondition
        or StatusCode.AlreadyExists or StatusCode.NotFound or StatusCode.OutOfRange or StatusCode.Unimplemented or StatusCode.DataLoss;

    /// <summary>The partner's RetryInfo delay, kept between a millisecond and the longest backoff: a partner cannot park our outbox for a year.</summary>
    private TimeSpan? RetryDelay(RpcException ex)
    {
        var info = ex.GetRpcStatus()?.GetDetail<Google.Rpc.RetryInfo>();
        if (info?.RetryDelay is not { } delay)
        {
            return null;
        }

        return Clamp(delay.ToTimeSpan());
    }

    private TimeSpan Clamp(TimeSpan span) =>
        span < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : span > options.Value.MaxBackoff ? options.Value.MaxBackoff : span;

    /// <summary>
    /// What the log records of a message's envelope, worked out once per message of a batch: the receipt checks and the
    /// commit both need it, and each reading parsed the whole envelope and hashed its content again.
    /// </summary>
    private SentEnvelopeFacts Facts(OutboxMessage message) => _facts.GetOrAdd(message, static m => SentEnvelopeFacts.Of(m.Envelope));

    private IReadOnlyCollection<string> Held(DateTimeOffset now)
    {
        var held = suspensions.Held;
        var paused = _pausedUntil.Where(p => p.Value > now).Select(p => p.Key).ToList();
        return paused.Count == 0 ? held : [.. held.Union(paused, StringComparer.Ordinal)];
    }

    private bool IsHeld(string recipient, DateTimeOffset now) =>
        suspensions.IsSuspended(JurisdictionCode.Parse(recipient)) || (_pausedUntil.TryGetValue(recipient, out var until) && until > now);

    private DateTimeOffset Pause(string recipient, DateTimeOffset until) =>
        _pausedUntil.AddOrUpdate(recipient, until, (_, existing) => existing > until ? existing : until);

    /// <summary>Until the next poll, or sooner when a partner's pause ends first, so its messages go out when it said.</summary>
    private TimeSpan NextWait(TimeSpan poll)
    {
        var now = timeProvider.GetUtcNow();
        foreach (var (partner, until) in _pausedUntil)
        {
            if (until <= now)
            {
                _pausedUntil.TryRemove(new KeyValuePair<string, DateTimeOffset>(partner, until));
            }
            else if (until - now < poll)
            {
                poll = until - now;
            }
        }

        return poll;
    }

    /// <summary>A batch sent and not yet committed: its scope (whose unit of work tracks the messages), the messages, and what came of each.</summary>
    private sealed record FetchedBatch(AsyncServiceScope Scope, IReadOnlyList<OutboxMessage> Due);

    private sealed record SentBatch(AsyncServiceScope Scope, IReadOnlyList<OutboxMessage> Due, (OutboxMessage Message, AttemptResult Result)[] Results, DeliveryBackoff Backoff);

    private sealed record AttemptResult(string? Error, bool Permanent, bool Duplicate, TimeSpan? RetryAfter = null)
    {
        public string? Receipt { get; init; }

        /// <summary>The head the receipt is kept under (see <see cref="ReceiptCheck.Head"/>), or null.</summary>
        public DeliveryReceiptHead? ReceiptHead { get; init; }

        public int ReceiptPosition { get; init; }

        /// <summary>Why the receipt the acknowledgement carried was not kept, or null.</summary>
        public string? ReceiptRefusal { get; init; }

        public static readonly AttemptResult NotSent = new("not sent: partner held", false, false);
    }

    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning, Message = "Delivery of {MessageId} to {Recipient} failed for good after {Attempts} attempts (it stays in the catch-up log: the partner will pull it): {Error}")]
    private static partial void LogDeliveryFailed(ILogger logger, string messageId, string recipient, int attempts, string error);

    [LoggerMessage(EventId = 3011, Level = LogLevel.Debug, Message = "Delivery of {MessageId} to {Recipient} deferred to {Until:u} at the partner's request (not counted as an attempt): {Error}")]
    private static partial void LogDeferred(ILogger logger, string messageId, string recipient, DateTimeOffset until, string error);

    [LoggerMessage(EventId = 3012, Level = LogLevel.Warning, Message = "The receipt {Recipient} gave for {MessageId} is refused, not kept (the message counts as delivered): {Reason}")]
    private static partial void LogReceiptRefused(ILogger logger, string messageId, string recipient, string reason);

    [LoggerMessage(EventId = 3010, Level = LogLevel.Information, Message = "Re-sealed {MessageId} for {Recipient}: undelivered for half the replay window")]
    private static partial void LogResealed(ILogger logger, string messageId, string recipient);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "Delivery of {MessageId} to {Recipient} failed (attempt {Attempts}); retry at {NextAttempt:u}: {Error}")]
    private static partial void LogDeliveryRetry(ILogger logger, string messageId, string recipient, int attempts, DateTimeOffset nextAttempt, string error);
}
