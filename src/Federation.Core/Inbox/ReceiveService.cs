using Federation.Core.Abstractions;
using Federation.Core.Audit;
using Federation.Core.Duplicates;
using Federation.Core.Identity;
using Federation.Core.Sharing;
using Federation.Core.Treaties;

namespace Federation.Core.Inbox;

/// <summary>
/// Accepts verified envelopes from partners: checks the treaty and every field against the same
/// sharing rule the sender used, stores idempotently by message id, and audits either way.
/// Envelopes are taken in batches that commit in one transaction (group commit): a store pays one
/// commit per batch, not per message, and an acknowledgement is only ever sent after the commit.
/// </summary>
public sealed class ReceiveService(
    IInbox inbox, ITreatyRegistry treaties, ITreatyStore treatyStore, IAuditLog audit, IUnitOfWork unitOfWork, DuplicateLinker linker,
    Embargoes.EmbargoService embargoes, LocalNode node, TimeProvider timeProvider, Events.IEventSink? events = null)
{
    private const int MaxPendingCountersignatures = 100;

    public async Task<ReceiveResult> AcceptAsync(VerifiedEnvelope envelope, CancellationToken cancellationToken)
    {
        var outcome = (await AcceptBatchAsync([envelope], cancellationToken))[0];
        return outcome.Result ?? throw outcome.Error!;
    }

    public async Task<IReadOnlyList<ReceiveOutcome>> AcceptBatchAsync(IReadOnlyList<VerifiedEnvelope> envelopes, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var seen = new Dictionary<string, InboxEntry>(
            await inbox.FindManyAsync([.. envelopes.Select(e => e.MessageId).Distinct()], cancellationToken), StringComparer.Ordinal);
        // Only summaries and withdrawals touch the summaries held; embargo signals and countersignatures do not.
        var summaryCaseIds = envelopes.Where(e => e.CaseId is not null && (e.Summary is not null || e.Withdrawal is not null))
            .Select(e => e.CaseId!.Value.ToString()).Distinct().ToList();
        var held = new Dictionary<string, ReceivedSummary>(await inbox.FindSummariesAsync(summaryCaseIds, cancellationToken), StringComparer.Ordinal);
        TreatyLedger? ledger = null;
        if (envelopes.Any(e => e.Countersignature is not null))
        {
            ledger = new TreatyLedger(
                (await treatyStore.ListVersionsAsync(cancellationToken)).ToDictionary(v => (v.TreatyId, v.Version)),
                (await treatyStore.ListSignaturesAsync(cancellationToken)).ToDictionary(s => (s.TreatyId, s.Version, s.Jurisdiction)));
        }

        // Duplicate detection in the same transaction: local cases holding a fingerprint the batch carries.
        var fingerprints = envelopes
            .SelectMany(e => e.Summary?.Fields ?? [])
            .Where(f => f.Key == SummaryField.FingerprintName)
            .Select(f => f.Value)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var links = await linker.PrepareIncomingAsync(fingerprints, summaryCaseIds, cancellationToken);

        var outcomes = new ReceiveOutcome[envelopes.Count];
        for (var i = 0; i < envelopes.Count; i++)
        {
            if (envelopes[i].Embargo is not null && !seen.ContainsKey(envelopes[i].MessageId))
            {
                outcomes[i] = await AcceptEmbargoAsync(envelopes[i], seen, now, cancellationToken);
                continue;
            }

            outcomes[i] = envelopes[i].Countersignature is { } countersignature && !seen.ContainsKey(envelopes[i].MessageId)
                ? AcceptCountersignature(envelopes[i], countersignature, ledger!, seen, now)
                : Accept(envelopes[i], seen, held, links, now);
        }

        await unitOfWork.SaveChangesAsync(cancellationToken);
        linker.Report(links.Added);
        Announce(envelopes, outcomes, now);
        return outcomes;
    }

    private ReceiveOutcome Accept(
        VerifiedEnvelope envelope, Dictionary<string, InboxEntry> seen, Dictionary<string, ReceivedSummary> held, IncomingLinkBatch links, DateTimeOffset now)
    {
        var actor = $"peer:{envelope.Origin}";
        if (seen.TryGetValue(envelope.MessageId, out var existing))
        {
            if (existing.ContentHash != envelope.ContentHash || existing.Origin != envelope.Origin.Value)
            {
                audit.Append(AuditEntry.Create(timeProvider, AuditKinds.EnvelopeRejected, actor, envelope.MessageId, "rejected",
                    "code=ReplayConflict; reason=message id already used with different content"));
                return new ReceiveOutcome(null, new FederationException(ErrorCode.ReplayConflict,
                    $"Message {envelope.MessageId} was already received with different content; a message id is never reused.", "message_id"));
            }

            audit.Append(AuditEntry.Create(timeProvider, AuditKinds.EnvelopeDuplicate, actor, envelope.MessageId, "acknowledged"));
            return new ReceiveOutcome(new ReceiveResult(envelope.MessageId, Duplicate: true, existing.ReceivedAt), null);
        }

        try
        {
            if (envelope.Withdrawal is null)
            {
                CheckTreaty(envelope, now);
            }
            else
            {
                CheckWithdrawal(envelope);
            }
        }
        catch (FederationException ex)
        {
            audit.Append(AuditEntry.Create(timeProvider, AuditKinds.EnvelopeRejected, actor, envelope.MessageId, "rejected",
                $"case={envelope.CaseId}; code={ex.Code}; field={ex.Field}; reason={ex.Message}"));
            return new ReceiveOutcome(null, ex);
        }

        if (envelope.Withdrawal is { } withdrawal)
        {
            return ApplyWithdrawal(envelope, withdrawal, seen, held, now);
        }

        var incoming = envelope.Summary!;
        var caseId = incoming.CaseId.ToString();
        if (!held.TryGetValue(caseId, out var summary))
        {
            summary = new ReceivedSummary(caseId, envelope.Origin.Value);
            inbox.AddSummary(summary);
            held[caseId] = summary;
        }

        var applied = summary.Apply(incoming.Revision, envelope.CreatedAt, incoming.Tlp, incoming.Fields,
            envelope.TreatyId, envelope.TreatyVersion, envelope.MessageId, now);
        if (applied && summary.Fingerprint is { } fingerprint)
        {
            links.Match(caseId, envelope.Origin.Value, envelope.TreatyId, fingerprint, actor);
        }

        var entry = new InboxEntry(envelope.MessageId, envelope.Origin.Value, envelope.ContentHash, now);
        inbox.Add(entry);
        seen[envelope.MessageId] = entry;
        audit.Append(AuditEntry.Create(timeProvider, AuditKinds.EnvelopeAccepted, actor, envelope.MessageId, applied ? "applied" : "older-revision-kept",
            $"case={caseId}; revision={incoming.Revision}; treaty={envelope.TreatyId} v{envelope.TreatyVersion}; fields={string.Join(',', incoming.Fields.Select(f => f.Key))}"));
        return new ReceiveOutcome(new ReceiveResult(envelope.MessageId, Duplicate: false, now), null);
    }

    /// <summary>
    /// A party's countersignature of a treaty version. Stored even when this node has not installed
    /// that version yet (it counts only once the installed hash matches); refused when this node holds
    /// the version and the hash differs, or the signer is not one of its parties.
    /// </summary>
    private ReceiveOutcome AcceptCountersignature(
        VerifiedEnvelope envelope, Countersignature countersignature, TreatyLedger ledger, Dictionary<string, InboxEntry> seen, DateTimeOffset now)
    {
        var actor = $"peer:{envelope.Origin}";
        var subject = $"{countersignature.TreatyId} v{countersignature.Version}";
        try
        {
            if (envelope.Recipient != node.Jurisdiction)
            {
                throw new FederationException(ErrorCode.FailedPrecondition,
                    $"The countersignature is addressed to {envelope.Recipient}, not to this node ({node.Jurisdiction}).", "recipient");
            }

            if (ledger.Versions.TryGetValue((countersignature.TreatyId, countersignature.Version), out var installed))
            {
                var parties = TreatyParser.Parse(installed.Document, subject).Parties;
                if (!parties.Contains(envelope.Origin))
                {
                    throw new FederationException(ErrorCode.NotAParty, $"{envelope.Origin} is not a party to treaty {subject}; its countersignature does not count.", "treaty_id");
                }

                if (installed.ContentHash != countersignature.ContentHash)
                {
                    throw new FederationException(ErrorCode.FailedPrecondition,
                        $"{envelope.Origin} countersigned {subject} with hash {Short(countersignature.ContentHash)}, but this node installed {subject} with hash {Short(installed.ContentHash)}: the documents differ.", "content_hash");
                }
            }

            else if (ledger.Signatures.Values.Count(s => s.Jurisdiction == envelope.Origin.Value && !ledger.Versions.ContainsKey((s.TreatyId, s.Version))) >= MaxPendingCountersignatures)
            {
                // Countersignatures of versions not installed here are kept for later, but not without limit.
                throw new FederationException(ErrorCode.ResourceExhausted,
                    $"{envelope.Origin} already has {MaxPendingCountersignatures} countersignatures waiting for treaty versions this node has not installed.", "treaty_id");
            }

            if (ledger.Signatures.TryGetValue((countersignature.TreatyId, countersignature.Version, envelope.Origin.Value), out var existing)
                && existing.ContentHash != countersignature.ContentHash)
            {
                throw new FederationException(ErrorCode.FailedPrecondition,
                    $"{envelope.Origin} already countersigned {subject} with hash {Short(existing.ContentHash)}; a version is signed once.", "content_hash");
            }
        }
        catch (FederationException ex)
        {
            audit.Append(AuditEntry.Create(timeProvider, AuditKinds.EnvelopeRejected, actor, envelope.MessageId, "rejected",
                $"treaty={subject}; code={ex.Code}; field={ex.Field}; reason={ex.Message}"));
            return new ReceiveOutcome(null, ex);
        }

        var entry = new InboxEntry(envelope.MessageId, envelope.Origin.Value, envelope.ContentHash, now);
        inbox.Add(entry);
        seen[envelope.MessageId] = entry;
        var isNew = !ledger.Signatures.ContainsKey((countersignature.TreatyId, countersignature.Version, envelope.Origin.Value));
        if (isNew)
        {
            var signature = new TreatySignature(countersignature.TreatyId, countersignature.Version, envelope.Origin.Value,
                countersignature.ContentHash, envelope.MessageId, envelope.Evidence ?? [], envelope.CreatedAt, now);
            treatyStore.AddSignature(signature);
            ledger.Signatures[(countersignature.TreatyId, countersignature.Version, envelope.Origin.Value)] = signature;
        }

        audit.Append(AuditEntry.Create(timeProvider, AuditKinds.TreatyCountersigned, actor, subject, isNew ? "recorded" : "already-held",
            $"hash={countersignature.ContentHash}; installed-here={ledger.Versions.ContainsKey((countersignature.TreatyId, countersignature.Version))}"));
        // Only a countersignature of an installed version can change what is in force.
        return new ReceiveOutcome(new ReceiveResult(envelope.MessageId, Duplicate: false, now), null)
        {
            TreatyChanged = isNew && ledger.Versions.ContainsKey((countersignature.TreatyId, countersignature.Version)),
        };
    }

    /// <summary>After the commit: what operators following the node's events should hear of.</summary>
    private void Announce(IReadOnlyList<VerifiedEnvelope> envelopes, ReceiveOutcome[] outcomes, DateTimeOffset now)
    {
        if (events is null)
        {
            return;
        }

        for (var i = 0; i < envelopes.Count; i++)
        {
            var e = envelopes[i];
            if (outcomes[i].Result is not { Duplicate: false })
            {
                continue;
            }

            if (e.Summary is { } summary)
            {
                events.Publish(new Events.FederationEvent(Events.EventKinds.SummaryReceived, summary.CaseId.ToString(), now,
                    $"from {e.Origin}, revision {summary.Revision}, treaty {e.TreatyId} v{e.TreatyVersion}"));
            }
            else if (e.Withdrawal is { } withdrawal)
            {
                events.Publish(new Events.FederationEvent(Events.EventKinds.SummaryWithdrawn, withdrawal.CaseId.ToString(), now, $"by {e.Origin}"));
            }
            else if (e.Embargo is { } signal)
            {
                events.Publish(new Events.FederationEvent(Events.EventKinds.EmbargoPrefix + signal.Kind.ToString().ToLowerInvariant(), signal.CaseId.ToString(), now,
                    $"signal {signal.Id} from {signal.From}{(signal.Date is { } d ? $", date {Embargoes.EmbargoMachine.Instant(d)}" : "")}"));
            }
        }
    }

    private async Task<ReceiveOutcome> AcceptEmbargoAsync(VerifiedEnvelope envelope, Dictionary<string, InboxEntry> seen, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (envelope.Recipient != node.Jurisdiction)
        {
            return new ReceiveOutcome(null, new FederationException(ErrorCode.FailedPrecondition,
                $"The envelope is addressed to {envelope.Recipient}, not to this node ({node.Jurisdiction}).", "recipient"));
        }

        var error = await embargoes.AcceptAsync(envelope.Embargo!, envelope.EmbargoContext, envelope.Origin, envelope.Relayed, envelope.Evidence ?? [], cancellationToken);
        if (error is not null)
        {
            audit.Append(AuditEntry.Create(timeProvider, AuditKinds.EnvelopeRejected, $"peer:{envelope.Origin}", envelope.MessageId, "rejected",
                $"case={envelope.CaseId}; code={error.Code}; field={error.Field}; reason={error.Message}"));
            return new ReceiveOutcome(null, error);
        }

        var entry = new InboxEntry(envelope.MessageId, envelope.Origin.Value, envelope.ContentHash, now);
        inbox.Add(entry);
        seen[envelope.MessageId] = entry;
        return new ReceiveOutcome(new ReceiveResult(envelope.MessageId, Duplicate: false, now), null);
    }

    private static string Short(string hash) => hash.Length > 12 ? hash[..12] + "…" : hash;

    private sealed record TreatyLedger(
        Dictionary<(string, int), TreatyVersionRecord> Versions, Dictionary<(string, int, string), TreatySignature> Signatures);

    private ReceiveOutcome ApplyWithdrawal(
        VerifiedEnvelope envelope, Withdrawal withdrawal, Dictionary<string, InboxEntry> seen, Dictionary<string, ReceivedSummary> held, DateTimeOffset now)
    {
        var caseId = withdrawal.CaseId.ToString();
        var outcome = "nothing-held";
        if (held.TryGetValue(caseId, out var summary))
        {
            outcome = summary.Withdraw(withdrawal.Revision, envelope.CreatedAt, envelope.MessageId, now) ? "content-deleted" : "newer-revision-kept";
        }
        else
        {
            // Remember the withdrawal, so that a summary overtaken by it in transit is not applied after it.
            summary = new ReceivedSummary(caseId, envelope.Origin.Value);
            summary.Withdraw(withdrawal.Revision, envelope.CreatedAt, envelope.MessageId, now);
            inbox.AddSummary(summary);
            held[caseId] = summary;
        }

        var entry = new InboxEntry(envelope.MessageId, envelope.Origin.Value, envelope.ContentHash, now);
        inbox.Add(entry);
        seen[envelope.MessageId] = entry;
        audit.Append(AuditEntry.Create(timeProvider, AuditKinds.SummaryWithdrawn, $"peer:{envelope.Origin}", envelope.MessageId, outcome,
            $"case={caseId}; revision={withdrawal.Revision}"));
        return new ReceiveOutcome(new ReceiveResult(envelope.MessageId, Duplicate: false, now), null);
    }

    /// <summary>
    /// A withdrawal only ever narrows what this node holds, so it is accepted from the case's origin
    /// even when no treaty is in force any more (a sunset must not strand shared data here).
    /// </summary>
    private void CheckWithdrawal(VerifiedEnvelope envelope)
    {
        if (envelope.Recipient != node.Jurisdiction)
        {
            throw new FederationException(ErrorCode.FailedPrecondition,
                $"The envelope is addressed to {envelope.Recipient}, not to this node ({node.Jurisdiction}).", "recipient");
        }

        if (envelope.Withdrawal!.CaseId.Origin != envelope.Origin)
        {
            throw new FederationException(ErrorCode.PermissionDenied,
                $"{envelope.Origin} may only withdraw summaries of its own cases; {envelope.Withdrawal.CaseId} originates in {envelope.Withdrawal.CaseId.Origin}.", "withdrawal.federation_case_id");
        }
    }

    private void CheckTreaty(VerifiedEnvelope envelope, DateTimeOffset now)
    {
        if (envelope.Recipient != node.Jurisdiction)
        {
            throw new FederationException(ErrorCode.FailedPrecondition,
                $"The envelope is addressed to {envelope.Recipient}, not to this node ({node.Jurisdiction}).", "recipient");
        }

        var named = treaties.Find(envelope.TreatyId, envelope.TreatyVersion);
        if (named is null || !named.IsParty(envelope.Origin))
        {
            throw new FederationException(ErrorCode.NotAParty,
                $"{envelope.Origin} is not a party to a treaty {envelope.TreatyId} v{envelope.TreatyVersion} known to this node.", "treaty_id");
        }

        var inForce = treaties.InForceBetween(node.Jurisdiction, envelope.Origin, now);
        // Compared by identity, not by instance: the registry may have been reloaded in between.
        var current = inForce.FirstOrDefault(t => t.Id == named.Id && t.Version == named.Version && t.ContentHash == named.ContentHash);
        if (current is null)
        {
            // A version the sender already has in force may lack only a countersignature still on its way here:
            // that heals, so the sender is told to retry rather than to give up.
            if (treaties.AwaitingSignatures(named).Count > 0 && named.IsInForce(now))
            {
                throw new FederationException(ErrorCode.Unavailable,
                    $"Treaty {named} is not yet in force here ({treaties.StatusOf(named, now)}); retry shortly.", "treaty_id");
            }

            throw new FederationException(ErrorCode.FailedPrecondition,
                $"Treaty {named} is not in force between {envelope.Origin} and {node.Jurisdiction} now.", "treaty_id");
        }

        named = current;

        SharingRule.CheckIncoming(envelope.Summary!, envelope.Origin, inForce, named);
    }
}
