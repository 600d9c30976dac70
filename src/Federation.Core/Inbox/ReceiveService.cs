using System.Diagnostics;
using Federation.Core.Abstractions;
using Federation.Core.Audit;
using Federation.Core.Duplicates;
using Federation.Core.Embargoes;
using Federation.Core.Events;
using Federation.Core.Identity;
using Federation.Core.Inbox.Handlers;
using Federation.Core.Sharing;
using Federation.Core.Treaties;

namespace Federation.Core.Inbox;

/// <summary>
/// The receive pipeline. For every envelope of a batch, in one place: the message id (a redelivery
/// is answered, a reused id with other content is refused), the recipient, then the one handler of
/// its body kind, then one audit entry from what the handler decided. The batch commits in one
/// transaction (group commit): a store pays one commit per batch, not per message; acknowledgements,
/// events and duplicate links follow the commit, never precede it.
/// </summary>
public sealed class ReceiveService(
    IInbox inbox, ITreatyRegistry treaties, ITreatyStore treatyStore, IAuditLog audit, IUnitOfWork unitOfWork, DuplicateLinker linker,
    EmbargoService embargoes, IEmbargoStore embargoStore, Publication.IPublicationStore publications, LocalNode node, TimeProvider timeProvider,
    IEventSink? events = null, IErasureSignal? erasure = null)
{
    private readonly SummaryHandler _summaries = new(inbox, treaties, node);
    private readonly WithdrawalHandler _withdrawals = new(inbox);
    private readonly EmbargoSignalHandler _embargoes = new(embargoes);
    private readonly CountersignatureHandler _countersignatures = new(treatyStore);
    private readonly PublicationHandler _publications = new(publications, inbox, embargoStore);

    /// <summary>One envelope on its own (tools and tests); a refusal is thrown, as it would reach the caller.</summary>
    public async Task<ReceiveResult> AcceptAsync(VerifiedEnvelope envelope, CancellationToken cancellationToken)
    {
        var outcome = (await AcceptBatchAsync([envelope], cancellationToken))[0];
        return outcome.Result ?? throw outcome.Refusal!.ToException();
    }

    public async Task<IReadOnlyList<ReceiveOutcome>> AcceptBatchAsync(IReadOnlyList<VerifiedEnvelope> envelopes, CancellationToken cancellationToken)
    {
        var seen = new Dictionary<string, InboxEntry>(
            await inbox.FindManyAsync([.. envelopes.Select(e => e.MessageId).Distinct()], cancellationToken), StringComparer.Ordinal);
        var batch = await ReadBatchAsync(envelopes, cancellationToken);

        var outcomes = new ReceiveOutcome[envelopes.Count];
        var announcements = new List<FederationEvent>();
        for (var i = 0; i < envelopes.Count; i++)
        {
            outcomes[i] = await ReceiveAsync(envelopes[i], seen, batch, announcements, cancellationToken);
        }

        await unitOfWork.SaveChangesAsync(cancellationToken);
        if (outcomes.Any(o => o.ContentRemoved))
        {
            // Only now: an erasure before the commit would leave the deleted content's last copies behind.
            erasure?.Notify();
        }

        linker.Report(batch.Links.Added);
        foreach (var announcement in announcements)
        {
            events?.Publish(announcement);
        }

        return outcomes;
    }

    private async Task<ReceiveOutcome> ReceiveAsync(
        VerifiedEnvelope envelope, Dictionary<string, InboxEntry> seen, InboxBatch batch, List<FederationEvent> announcements, CancellationToken cancellationToken)
    {
        var actor = $"peer:{envelope.Origin}";
        if (seen.TryGetValue(envelope.MessageId, out var existing))
        {
            if (existing.Origin == envelope.Origin.Value && existing.ContentHash != envelope.ContentHash && envelope.Resealed)
            {
                // The origin re-sealed (new creation time, same id) a message it never saw acknowledged: it was applied
                // here already, so it is acknowledged as the duplicate it is, and its content is not read again.
                audit.Append(AuditEntry.Create(timeProvider, AuditKinds.EnvelopeDuplicate, actor, envelope.MessageId, "acknowledged", "re-sealed copy"));
                return new ReceiveOutcome(new ReceiveResult(envelope.MessageId, Duplicate: true, existing.ReceivedAt), null);
            }

            if (existing.ContentHash != envelope.ContentHash || existing.Origin != envelope.Origin.Value)
            {
                audit.Append(AuditEntry.Create(timeProvider, AuditKinds.EnvelopeRejected, actor, envelope.MessageId, "rejected",
                    "code=ReplayConflict; reason=message id already used with different content"));
                return new ReceiveOutcome(null, new Refusal(ErrorCode.ReplayConflict,
                    $"Message {envelope.MessageId} was already received with different content; a message id is never reused.", "message_id"));
            }

            audit.Append(AuditEntry.Create(timeProvider, AuditKinds.EnvelopeDuplicate, actor, envelope.MessageId, "acknowledged"));
            return new ReceiveOutcome(new ReceiveResult(envelope.MessageId, Duplicate: true, existing.ReceivedAt), null);
        }

        var result = envelope.Recipient != node.Jurisdiction
            ? HandlerResult.Refuse(ErrorCode.FailedPrecondition,
                $"The envelope is addressed to {envelope.Recipient}, not to this node ({node.Jurisdiction}).", "recipient")
            : await DispatchAsync(envelope, batch, cancellationToken);
        switch (result)
        {
            case Accepted accepted:
                var entry = new InboxEntry(envelope.MessageId, envelope.Origin.Value, envelope.ContentHash, batch.Now);
                inbox.Add(entry);
                seen[envelope.MessageId] = entry;
                audit.Append(AuditEntry.Create(timeProvider, accepted.Audit.Kind, actor, accepted.Audit.Subject, accepted.Audit.Outcome, accepted.Audit.Detail));
                if (accepted.Event is { } announcement)
                {
                    announcements.Add(announcement);
                }

                return new ReceiveOutcome(new ReceiveResult(envelope.MessageId, Duplicate: false, batch.Now), null)
                {
                    TreatyChanged = accepted.TreatyChanged,
                    ContentRemoved = accepted.ContentRemoved,
                };
            case Refused { Refusal: var refusal }:
                audit.Append(AuditEntry.Create(timeProvider, AuditKinds.EnvelopeRejected, actor, envelope.MessageId, "rejected",
                    $"{envelope.Regarding}; code={refusal.Code}; field={refusal.Field}; reason={refusal.Message}"));
                return new ReceiveOutcome(null, refusal);
            default:
                throw new UnreachableException($"Unknown handler result {result.GetType().Name}.");
        }
    }

    // The set is closed (VerifiedEnvelope cannot be derived outside Core), so the default arm cannot be reached.
    private Task<HandlerResult> DispatchAsync(VerifiedEnvelope envelope, InboxBatch batch, CancellationToken cancellationToken) => envelope switch
    {
        SummaryEnvelope summary => _summaries.HandleAsync(summary, batch, cancellationToken),
        WithdrawalEnvelope withdrawal => _withdrawals.HandleAsync(withdrawal, batch, cancellationToken),
        EmbargoSignalEnvelope signal => _embargoes.HandleAsync(signal, batch, cancellationToken),
        EmbargoRelayEnvelope relay => _embargoes.HandleAsync(relay, batch, cancellationToken),
        CountersignatureEnvelope countersignature => _countersignatures.HandleAsync(countersignature, batch, cancellationToken),
        PublicationEnvelope publication => _publications.HandleAsync(publication, batch, cancellationToken),
        _ => throw new UnreachableException($"Unknown envelope kind {envelope.GetType().Name}."),
    };

    /// <summary>What the batch's handlers need, one query per kind of state rather than one per envelope.</summary>
    private async Task<InboxBatch> ReadBatchAsync(IReadOnlyList<VerifiedEnvelope> envelopes, CancellationToken cancellationToken)
    {
        // Only summaries and withdrawals touch the summaries held; embargo signals and countersignatures do not.
        var summaryCaseIds = envelopes.Where(e => e is SummaryEnvelope or WithdrawalEnvelope)
            .Select(e => e.CaseId!.Value.ToString()).Distinct().ToList();
        var held = new Dictionary<string, ReceivedSummary>(await inbox.FindSummariesAsync(summaryCaseIds, cancellationToken), StringComparer.Ordinal);
        TreatyLedger? ledger = null;
        if (envelopes.Any(e => e is CountersignatureEnvelope))
        {
            ledger = new TreatyLedger(
                (await treatyStore.ListVersionsAsync(cancellationToken)).ToDictionary(v => (v.TreatyId, v.Version)),
                (await treatyStore.ListSignaturesAsync(cancellationToken)).ToDictionary(s => (s.TreatyId, s.Version, s.Jurisdiction)));
        }

        // Duplicate detection in the same transaction: local cases holding a fingerprint the batch carries.
        var fingerprints = envelopes
            .OfType<SummaryEnvelope>()
            .SelectMany(e => e.Summary.Fields)
            .Where(f => f.Key == SummaryField.FingerprintName)
            .Select(f => f.Value)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var links = await linker.PrepareIncomingAsync(fingerprints, summaryCaseIds, cancellationToken);
        return new InboxBatch(timeProvider.GetUtcNow(), held, links, ledger);
    }
}
