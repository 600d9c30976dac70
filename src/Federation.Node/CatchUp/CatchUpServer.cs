using Federation.Contracts.V1;
using Federation.Core.Audit;
using Federation.Core.CatchUp;
using Federation.Core.Identity;
using Federation.Core.Inbox;
using Federation.Node.Inbox;
using Federation.Node.Options;
using Federation.Node.Security;
using Grpc.Core;
using Microsoft.Extensions.Options;

namespace Federation.Node.CatchUp;

/// <summary>
/// Serves a partner's pull: the lines of this node's log addressed to that partner (as its certificate names it,
/// never as a field says) after its cursor, oldest first, in batches. Each envelope is the one the outbox holds,
/// signed again under the current key if the node certificate changed since, and re-sealed (same message id and
/// body, new creation time) when it is older than half the replay window, exactly as the outbox would send it.
/// </summary>
public sealed partial class CatchUpServer(
    IServiceScopeFactory scopes, StoreWriteTurn turn, EnvelopeSealer sealer, ReplayWindow window,
    IOptions<CatchUpOptions> options, IOptions<NodeOptions> nodeOptions, TimeProvider timeProvider, ILogger<CatchUpServer> logger)
{
    public async Task ServeAsync(PeerIdentity caller, PullRequest request, IServerStreamWriter<PullBatch> stream, CancellationToken cancellationToken)
    {
        var partner = caller.Jurisdiction.Value;
        var settings = options.Value;
        var max = request.Max <= 0 || request.Max > settings.MaxPerPull ? settings.MaxPerPull : request.Max;
        var after = Math.Max(0, request.AfterSequence);
        long highWater;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var log = scope.ServiceProvider.GetRequiredService<IPeerLog>();
            highWater = await log.HighWaterAsync(partner, cancellationToken);
        }

        // Asking after N says "I hold everything up to N": it lets that part of the log go. Capped at what exists, so a
        // partner cannot claim lines not yet written.
        if (after > 0)
        {
            await RecordHeldAsync(partner, Math.Min(after, highWater), cancellationToken);
        }

        // Half the frame limit: a batch never comes near what the partner's channel accepts.
        var byteBudget = nodeOptions.Value.MaxMessageBytes / 2;
        var served = 0;
        var scanned = after;
        var now = timeProvider.GetUtcNow();
        var resealBefore = now - window.ResealAfter;
        do
        {
            var want = Math.Min(settings.BatchSize, max - served);
            IReadOnlyList<PeerLogItem> page;
            await using (var scope = scopes.CreateAsyncScope())
            {
                page = await scope.ServiceProvider.GetRequiredService<IPeerLog>().ReadAsync(partner, scanned, want, cancellationToken);
            }

            // Lines written after the call began wait for the next pull, so the high water stays true for this stream.
            var items = page.Where(i => i.Sequence <= highWater).ToList();
            var batch = new PullBatch { HighWater = highWater };
            var bytes = 0;
            foreach (var item in items)
            {
                // Only an old one is opened to be re-sealed (as the outbox does): reading every body would cost the stream.
                var envelope = sealer.ResignIfStale(item.Envelope);
                if (item.CreatedAt < resealBefore)
                {
                    envelope = sealer.ResealIfOld(envelope, now, window.ResealAfter);
                }

                if (bytes > 0 && bytes + envelope.Length > byteBudget)
                {
                    batch.ThroughSequence = batch.Envelopes[^1].Sequence;
                    await stream.WriteAsync(batch, cancellationToken);
                    batch = new PullBatch { HighWater = highWater };
                    bytes = 0;
                }

                batch.Envelopes.Add(new PulledEnvelope { Sequence = item.Sequence, Envelope = SignedEnvelope.Parser.ParseFrom(envelope) });
                bytes += envelope.Length;
            }

            served += items.Count;
            // A short page means nothing else unacknowledged up to the high water: the lines skipped were delivered by push.
            scanned = items.Count < want ? highWater : items[^1].Sequence;
            batch.ThroughSequence = scanned;
            await stream.WriteAsync(batch, cancellationToken);
        }
        while (served < max && scanned < highWater);

        if (served == 0)
        {
            // A partner up to date asks every few minutes: only a pull that carried something is a crossing to record.
            return;
        }

        await using (var scope = scopes.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<IAuditLog>().AppendNowAsync(AuditEntry.Create(timeProvider, AuditKinds.CatchUpServed,
                $"peer:{partner}", null, "served", $"after={after}; envelopes={served}; high_water={highWater}"), cancellationToken);
        }

        LogServed(logger, partner, served, after, highWater);
    }

    private async Task RecordHeldAsync(string partner, long through, CancellationToken cancellationToken)
    {
        await turn.EnterAsync(cancellationToken);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var cursor = await scope.ServiceProvider.GetRequiredService<IPeerLog>().CursorAsync(partner, cancellationToken);
            if (through > cursor.PartnerHoldsThrough)
            {
                cursor.PartnerHolds(through, timeProvider.GetUtcNow());
                await scope.ServiceProvider.GetRequiredService<Core.Abstractions.IUnitOfWork>().SaveChangesAsync(cancellationToken);
            }
        }
        finally
        {
            turn.Exit();
        }
    }

    [LoggerMessage(EventId = 3201, Level = LogLevel.Information, Message = "Served {Count} envelopes to {Partner}'s pull after {After} (high water {HighWater})")]
    private static partial void LogServed(ILogger logger, string partner, int count, long after, long highWater);
}
