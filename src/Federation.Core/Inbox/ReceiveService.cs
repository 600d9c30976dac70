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
    EmbargoService embargoes, IEmbargoStore embargoStore, Publication.IPublicationStore publications, IQuarantine quarantine, LocalNode node,
    TimeProvider timeProvider, IEventSink? events = null, IErasureSignal? erasure = null)
{
    private static readonly IReadOnlySet<string> NoRetries = new HashSet<string>(StringComparer.Ordinal);

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

    public Task<IReadOnlyList<ReceiveOutcome>> AcceptBatchAsync(IReadOnlyList<VerifiedEnvelope> envelopes, CancellationToken cancellationToken) =>
        AcceptBatchAsync(envelopes, NoRetries, cancellationToken);

    /// <summary>
    /// A batch, some of whose envelopes may be quarantined ones an operator retries (<paramref name="retrying"/>,
    /// by message id): those were acknowledged already, so they are not answered as duplicates but applied,
    /// and leave the quarantine when accepted. A handler that throws unexpectedly does not fail the batch:
    /// everything staged so far is discarded, and the batch runs again from the store as committed with that
    /// envelope quarantined (at most one more run per faulty envelope), so the rest commits as it would have.
    /// </summary>
    public async Task<IReadOnlyList<ReceiveOutcome>> AcceptBatchAsync(
        IReadOnlyList<VerifiedEnvelope> envelopes, IReadOnlySet<string> retrying, CancellationToken cancellationToken)
    {
        var faults = new Dictionary<int, string>();
        while (true)
        {
            try
            {
                return await AcceptOnceAsync(envelopes, retrying, faults, cancellationToken);
            }
            catch (HandlerFault fault) when (faults.TryAdd(fault.Index, Describe(fault.InnerException!)))
            {
                unitOfWork.Discard();
            }
        }
    }

    private async Task<IReadOnlyList<ReceiveOutcome>> AcceptOnceAsync(
        IReadOnlyList<VerifiedEnvelope> envelopes, IReadOnlySet<string> retrying, IReadOnlyDictionary<int, string> faults, CancellationToken cancellationToken)
    {
        var seen = new Dictionary<string, InboxEntry>(
            await inbox.FindManyAsync([.. envelopes.Select(e => e.MessageId).Distinct()], cancellationToken), StringComparer.Ordinal);
        var batch = await ReadBatchAsync(envelopes, cancellationToken);
        var held = retrying.Count == 0
            ? new Dictionary<string, QuarantinedEnvelope>(StringComparer.Ordinal)
            : new Dictionary<string, QuarantinedEnvelope>(await quarantine.FindManyAsync([.. retrying], cancellationToken), StringComparer.Ordinal);

        var outcomes = new ReceiveOutcome[envelopes.Count];
        var announcements = new List<FederationEvent>();
        for (var i = 0; i < envelopes.Count; i++)
        {
            var envelope = envelopes[i];
            held.TryGetValue(envelope.MessageId, out var quarantined);
            outcomes[i] = faults.TryGetValue(i, out var error)
                ? Quarantine(envelope, error, quarantined, seen, batch.Now)
                : await ReceiveAsync(i, envelope, quarantined, seen, batch, announcements, cancellationToken);
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

    /// <summary>
    /// Kept with its error, its message id recorded as received (a redelivery is a duplicate), and the sender
    /// acknowledged: the envelope is verified and in this node's custody; what failed is this node's to fix.
    /// </summary>
    private ReceiveOutcome Quarantine(VerifiedEnvelope envelope, string error, QuarantinedEnvelope? retried, Dictionary<string, InboxEntry> seen, DateTimeOffset now)
    {
        if (retried is not null)
        {
            retried.Fail(error, now);
        }
        else
        {
            quarantine.Add(new QuarantinedEnvelope(envelope.MessageId, envelope.Origin.Value, envelope.CaseId?.ToString(), envelope.ContentHash,
                envelope.Header.Sealed.ToArray(), error, now));
            var entry = new InboxEntry(envelope.MessageId, envelope.Origin.Value, envelope.ContentHash, now);
            inbox.Add(entry);
            seen[envelope.MessageId] = entry;
        }

        var record = AuditEntry.Create(timeProvider, AuditKinds.InboxQuarantined, $"peer:{envelope.Origin}", envelope.MessageId, "quarantined",
            $"{envelope.Regarding}; attempts={retried?.Attempts ?? 1}; error={BoundedText.Of(error, 512)}", TreatyOf(envelope), DigestOf(envelope));
        audit.Append(record);
        return new ReceiveOutcome(new ReceiveResult(envelope.MessageId, Duplicate: false, now) { Quarantined = true, Record = record }, null);
    }

    private async Task<ReceiveOutcome> ReceiveAsync(
        int index, VerifiedEnvelope envelope, QuarantinedEnvelope? retried, Dictionary<string, InboxEntry> seen, InboxBatch batch,
        List<FederationEvent> announcements, CancellationToken cancellationToken)
    {
        var actor = $"peer:{envelope.Origin}";
        if (retried is null && seen.TryGetValue(envelope.MessageId, out var existing))
        {
            if (existing.Origin == envelope.Origin.Value && existing.ContentHash != envelope.ContentHash && envelope.Resealed)
            {
                // The origin re-sealed (new creation time, same id) a message it never saw acknowledged: it was applied
                // here already, so it is acknowledged as the duplicate it is, and its content is not read again.
                var resealed = AuditEntry.Create(timeProvider, AuditKinds.EnvelopeDuplicate, actor, envelope.MessageId, "acknowledged", "re-sealed copy",
                    TreatyOf(envelope), DigestOf(envelope));
                audit.Append(resealed);
                return new ReceiveOutcome(new ReceiveResult(envelope.MessageId, Duplicate: true, existing.ReceivedAt) { Record = resealed }, null);
            }

            if (existing.ContentHash != envelope.ContentHash || existing.Origin != envelope.Origin.Value)
            {
                audit.Append(AuditEntry.Create(timeProvider, AuditKinds.EnvelopeRejected, actor, envelope.MessageId, "rejected",
                    "code=ReplayConflict; reason=message id already used with different content", TreatyOf(envelope), DigestOf(envelope)));
                return new ReceiveOutcome(null, new Refusal(ErrorCode.ReplayConflict,
                    $"Message {envelope.MessageId} was already received with different content; a message id is never reused.", "message_id"));
            }

            var duplicate = AuditEntry.Create(timeProvider, AuditKinds.EnvelopeDuplicate, actor, envelope.MessageId, "acknowledged", null, TreatyOf(envelope), DigestOf(envelope));
            audit.Append(duplicate);
            return new ReceiveOutcome(new ReceiveResult(envelope.MessageId, Duplicate: true, existing.ReceivedAt) { Record = duplicate }, null);
        }

        HandlerResult result;
        try
        {
            result = envelope.Recipient != node.Jurisdiction
                ? HandlerResult.Refuse(ErrorCode.FailedPrecondition,
                    $"The envelope is addressed to {envelope.Recipient}, not to this node ({node.Jurisdiction}).", "recipient")
                : await DispatchAsync(envelope, batch, cancellationToken);
        }
        catch (Exception ex) when (IsHandlerFault(ex, cancellationToken))
        {
            throw new HandlerFault(index, ex);
        }

        switch (result)
        {
            case Accepted accepted:
                if (retried is null)
                {
                    var entry = new InboxEntry(envelope.MessageId, envelope.Origin.Value, envelope.ContentHash, batch.Now);
                    inbox.Add(entry);
                    seen[envelope.MessageId] = entry;
                }
                else
                {
                    // Its message id was recorded when it was quarantined: applied now, exactly once.
                    quarantine.Remove(retried);
                    audit.Append(AuditEntry.Create(timeProvider, AuditKinds.QuarantineRetried, actor, envelope.MessageId, "applied", $"attempts={retried.Attempts + 1}"));
                }

                // A handler logs under what the message changed (a case, a treaty); the message id finds it all the same.
                var record = AuditEntry.Create(timeProvider, accepted.Audit.Kind, actor, accepted.Audit.Subject, accepted.Audit.Outcome, accepted.Audit.Detail,
                    TreatyOf(envelope), DigestOf(envelope)).About(envelope.MessageId);
                audit.Append(record);
                if (accepted.Event is { } announcement)
                {
                    announcements.Add(announcement);
                }

                return new ReceiveOutcome(new ReceiveResult(envelope.MessageId, Duplicate: false, batch.Now) { Record = record }, null)
                {
                    TreatyChanged = accepted.TreatyChanged,
                    ContentRemoved = accepted.ContentRemoved,
                };
            case Refused { Refusal: var refusal }:
                // A retried envelope refused now (its treaty no longer in force, say) stays quarantined with the refusal as its error.
                retried?.Fail($"refused: {refusal.Code}: {refusal.Message}", batch.Now);
                audit.Append(AuditEntry.Create(timeProvider, AuditKinds.EnvelopeRejected, actor, envelope.MessageId, "rejected",
                    $"{envelope.Regarding}; code={refusal.Code}; field={refusal.Field}; reason={refusal.Message}", TreatyOf(envelope), DigestOf(envelope)));
                return new ReceiveOutcome(null, refusal);
            default:
                throw new UnreachableException($"Unknown handler result {result.GetType().Name}.");
        }
    }

    private static string? TreatyOf(VerifiedEnvelope envelope) => AuditEntry.TreatyOf(envelope.TreatyId, envelope.TreatyVersion);

    /// <summary>The log's message digest: SHA-256 of the signed content, which the verifier computed as the content hash.</summary>
    private static byte[] DigestOf(VerifiedEnvelope envelope) => Convert.FromHexString(envelope.ContentHash);

    /// <summary>
    /// Unexpected: anything but the host stopping and the store's passing conditions (busy, full), which fail the
    /// batch so that every sender retries, as before. A handler refuses by returning <see cref="Refused"/>, never by throwing.
    /// </summary>
    private static bool IsHandlerFault(Exception ex, CancellationToken cancellationToken) => ex switch
    {
        OperationCanceledException when cancellationToken.IsCancellationRequested => false,
        FederationException { Code: ErrorCode.Unavailable or ErrorCode.ResourceExhausted } => false,
        _ => true,
    };

    private static string Describe(Exception ex) => $"{ex.GetType().Name}: {ex.Message}";

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

    /// <summary>Carries which envelope's handler failed out of the batch run, to run it again without it.</summary>
    private sealed class HandlerFault(int index, Exception inner) : Exception(inner.Message, inner)
    {
        public int Index { get; } = index;
    }
}
