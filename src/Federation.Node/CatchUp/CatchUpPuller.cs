using System.Collections.Concurrent;
using Federation.Contracts.V1;
using Federation.Core;
using Federation.Core.Abstractions;
using Federation.Core.Audit;
using Federation.Core.CatchUp;
using Federation.Core.Identity;
using Federation.Node.Inbox;
using Federation.Node.Interceptors;
using Federation.Node.Outbox;
using Federation.Node.Peers;
using Federation.Node.Security;
using Grpc.Core;

namespace Federation.Node.CatchUp;

/// <summary>
/// Pulls what a partner addressed to this node after the cursor, and puts every envelope through the same pipeline
/// as a push: the verifier (signature, signer, origin is the partner, freshness), then the inbox (message id, treaty,
/// handler, audit, group commit). Push and pull meet in the inbox's single writer, so a message arriving both ways is
/// applied once and acknowledged as a duplicate the second time.
/// The cursor moves only over entries that got a final answer, after they were committed: accepted, a duplicate, or
/// refused for what the bytes are (a bad signature, a field the treaty does not allow: the same refusals the outbox
/// treats as permanent, which a second pull would only repeat). It stops before the first entry refused for a reason
/// that may heal (the store busy or full, the node shutting down), so that entry and all after it are pulled again.
/// </summary>
public sealed partial class CatchUpPuller(
    PeerClient peers, EnvelopeVerifier verifier, InboxBatcher inbox, IServiceScopeFactory scopes, StoreWriteTurn turn,
    Peers.PeerSuspensions suspensions, TimeProvider timeProvider, ILogger<CatchUpPuller> logger)
{
    // One pull per partner at a time: two would race for the same cursor and pull the same entries twice.
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _running = new(StringComparer.Ordinal);

    private const int Depth = 4;
    private const long CursorSaveEvery = 4_096;

    public async Task<CatchUpResult> PullAsync(JurisdictionCode partner, CancellationToken cancellationToken)
    {
        if (suspensions.IsSuspended(partner))
        {
            // Nothing from a suspended partner is taken in, by push (the gate refuses it) or by pull: it waits in the
            // partner's log and is pulled after the resume. (A review finding: the pull path skipped the check.)
            return new CatchUpResult(partner, 0, 0, 0, 0, 0, 0, Complete: false);
        }

        var gate = _running.GetOrAdd(partner.Value, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            return await PullLockedAsync(partner, cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<CatchUpResult> PullLockedAsync(JurisdictionCode partner, CancellationToken cancellationToken)
    {
        long cursor;
        await using (var scope = scopes.CreateAsyncScope())
        {
            cursor = (await scope.ServiceProvider.GetRequiredService<IPeerLog>().CursorAsync(partner.Value, cancellationToken)).PulledThrough;
        }

        var tally = new Tally();
        var from = cursor;
        // The origin answers as the partner its server certificate names (checked when the channel connected).
        var origin = new PeerIdentity(partner, "pulled", DateTimeOffset.MaxValue);
        while (true)
        {
            var start = cursor;
            long highWater = 0;
            var stopped = false;
            var saved = cursor;
            // Batches in flight at once: the next ones are verified while the inbox commits the earlier ones, and
            // the inbox's writer merges them into larger commits. The cursor still moves batch by batch, in order.
            var inFlight = new Queue<InFlight>();
            var lastSeen = cursor;

            async Task SettleOldestAsync()
            {
                var batch = inFlight.Dequeue();
                var outcomes = await batch.Outcomes;
                var through = cursor;
                var final = true;
                for (var i = 0; i < outcomes.Length; i++)
                {
                    tally.Count(outcomes[i]);
                    if (outcomes[i] == Outcome.Retry)
                    {
                        // Everything before it is committed; this one and the rest come again next time.
                        final = false;
                    }
                    else if (final && !stopped)
                    {
                        through = batch.Sequences[i];
                    }
                }

                if (!stopped)
                {
                    // The whole batch answered for good: the lines the stream skipped (acknowledged by push) are passed too.
                    cursor = final ? Math.Max(through, batch.Through) : through;
                    stopped = !final;
                }

                // A small write of its own, now and then: a crash in between only means pulling a few envelopes twice.
                if (cursor - saved >= CursorSaveEvery || inFlight.Count == 0)
                {
                    await SaveCursorAsync(partner, cursor, cancellationToken);
                    saved = cursor;
                }
            }

            try
            {
                using var call = peers.Pull(partner, cursor, cancellationToken);
                await foreach (var batch in call.ResponseStream.ReadAllAsync(cancellationToken))
                {
                    highWater = batch.HighWater;
                    inFlight.Enqueue(Start(origin, batch, ref lastSeen, cancellationToken));
                    if (inFlight.Count >= Depth)
                    {
                        await SettleOldestAsync();
                    }

                    if (stopped)
                    {
                        break;
                    }
                }

                while (inFlight.Count > 0)
                {
                    await SettleOldestAsync();
                }
            }
            finally
            {
                // A stream cut short (partner gone, deadline) keeps what was committed before it: not pulled twice.
                if (cursor != saved)
                {
                    await SaveCursorAsync(partner, cursor, CancellationToken.None);
                }
            }

            // Again while the partner holds more than one call returned (its cap), unless a transient refusal stopped us.
            if (stopped || cursor >= highWater || cursor == start)
            {
                var result = new CatchUpResult(partner, from, cursor, highWater, tally.Accepted, tally.Duplicates, tally.Refused, Complete: !stopped && cursor >= highWater);
                if (tally.Accepted + tally.Duplicates + tally.Refused > 0 || cursor != from)
                {
                    await AuditAsync(result, cancellationToken);
                    LogPulled(logger, partner.Value, result.Accepted, result.Duplicates, result.Refused, from, cursor, highWater);
                }

                return result;
            }
        }
    }

    /// <summary>Starts verifying and accepting one batch (verification in parallel, acceptance through the inbox's group commit).</summary>
    private InFlight Start(PeerIdentity origin, PullBatch batch, ref long lastSeen, CancellationToken cancellationToken)
    {
        // Entries must come in order and after the cursor; anything else is the partner's error, not ours to apply.
        var sequences = new long[batch.Envelopes.Count];
        for (var i = 0; i < sequences.Length; i++)
        {
            var sequence = batch.Envelopes[i].Sequence;
            if (sequence <= lastSeen)
            {
                throw new FederationException(ErrorCode.InvalidArgument,
                    $"{origin.Jurisdiction} served sequence {sequence} after {lastSeen}: a pull stream must increase.", "sequence");
            }

            sequences[i] = lastSeen = sequence;
        }

        var outcomes = Task.WhenAll(batch.Envelopes.Select(entry =>
            Task.Run(() => AcceptAsync(origin, entry.Envelope ?? new SignedEnvelope(), cancellationToken), cancellationToken)));
        var through = Math.Max(lastSeen, batch.ThroughSequence);
        lastSeen = through;
        return new InFlight(sequences, through, outcomes);
    }

    private async Task<Outcome> AcceptAsync(PeerIdentity origin, SignedEnvelope envelope, CancellationToken cancellationToken)
    {
        Core.Inbox.VerifiedEnvelope verified;
        try
        {
            verified = verifier.Verify(envelope, origin);
        }
        catch (FederationException ex)
        {
            // Refused before the inbox saw it: audited here, as the peer service audits a pushed one.
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<IAuditLog>().AppendNowAsync(AuditEntry.Create(timeProvider, AuditKinds.EnvelopeRejected,
                $"peer:{origin.Jurisdiction}", null, "rejected", $"via=pull; code={ex.Code}; field={ex.Field}; reason={ex.Message}; bytes={envelope.CalculateSize()}"), cancellationToken);
            return Final(ex);
        }

        try
        {
            // In the origin's lane of the inbox writer, as its pushes are: a long catch-up takes turns with the other partners.
            return (await inbox.AcceptWithoutReceiptAsync(verified, origin.Jurisdiction.Value, cancellationToken)).Duplicate ? Outcome.Duplicate : Outcome.Accepted;
        }
        catch (FederationException ex)
        {
            // The inbox refused it (and audited why), or could not store it now.
            return Final(ex);
        }
    }

    /// <summary>The outbox's rule for what a retry cannot change, so push and pull give up on the same refusals.</summary>
    private static Outcome Final(FederationException ex) => OutboxDispatcher.IsPermanent(ErrorMapping.ToStatusCode(ex.Code)) ? Outcome.Refused : Outcome.Retry;

    private async Task SaveCursorAsync(JurisdictionCode partner, long cursor, CancellationToken cancellationToken)
    {
        await turn.EnterAsync(cancellationToken);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            (await scope.ServiceProvider.GetRequiredService<IPeerLog>().CursorAsync(partner.Value, cancellationToken)).Advance(cursor, timeProvider.GetUtcNow());
            await scope.ServiceProvider.GetRequiredService<IUnitOfWork>().SaveChangesAsync(cancellationToken);
        }
        finally
        {
            turn.Exit();
        }
    }

    private async Task AuditAsync(CatchUpResult result, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IAuditLog>().AppendNowAsync(AuditEntry.Create(timeProvider, AuditKinds.CatchUpPulled,
            $"peer:{result.Partner}", null, result.Complete ? "complete" : "partial",
            $"from={result.From}; to={result.To}; high_water={result.HighWater}; accepted={result.Accepted}; duplicates={result.Duplicates}; refused={result.Refused}"), cancellationToken);
    }

    private enum Outcome
    {
        Retry,
        Accepted,
        Duplicate,
        Refused,
    }

    private sealed class Tally
    {
        public int Accepted { get; private set; }
        public int Duplicates { get; private set; }
        public int Refused { get; private set; }

        public void Count(Outcome outcome)
        {
            switch (outcome)
            {
                case Outcome.Accepted:
                    Accepted++;
                    break;
                case Outcome.Duplicate:
                    Duplicates++;
                    break;
                case Outcome.Refused:
                    Refused++;
                    break;
                default:
                    break;
            }
        }
    }

    private sealed record InFlight(long[] Sequences, long Through, Task<Outcome[]> Outcomes);

    [LoggerMessage(EventId = 3202, Level = LogLevel.Information, Message = "Pulled from {Partner}: {Accepted} accepted, {Duplicates} duplicates, {Refused} refused; cursor {From} → {To} of {HighWater}")]
    private static partial void LogPulled(ILogger logger, string partner, int accepted, int duplicates, int refused, long from, long to, long highWater);
}
