using Federation.Core.Abstractions;
using Federation.Core.Audit;
using Federation.Core.Cases;
using Federation.Core.Delivery;
using Federation.Core.Identity;
using Federation.Core.Inbox.Handlers;
using Federation.Core.Treaties;

namespace Federation.Core.Embargoes;

/// <summary>
/// Embargo signals between the participants of a case: the case's origin and every partner it is
/// shared with. The origin coordinates: a partner sends its signal to the origin, which checks it
/// and relays it, still signed by its sender, to every other participant, with the context (who
/// takes part, the treaty's limit) so that every node computes the same state from the same signals.
/// </summary>
public sealed class EmbargoService(
    ICaseStore cases,
    ITreatyRegistry treaties,
    IEmbargoStore store,
    IEnvelopeSealer sealer,
    IOutbox outbox,
    IAuditLog audit,
    IUnitOfWork unitOfWork,
    LocalNode node,
    TimeProvider timeProvider,
    IDeliverySignal? deliverySignal = null,
    Events.IEventSink? events = null)
{
    public async Task<(EmbargoContext Context, EmbargoView View)> ViewAsync(string caseId, CancellationToken cancellationToken)
    {
        var id = FederationCaseId.Parse(caseId);
        var context = await ContextAsync(id, cancellationToken)
                      ?? throw new FederationException(ErrorCode.NotFound, $"No embargo is known here for {id}: it is neither a local case nor one a partner signalled about.");
        var signals = await store.ListSignalsAsync(id.ToString(), cancellationToken);
        return (context, EmbargoMachine.Compute(context, signals.Select(s => s.ToSignal())));
    }

    /// <summary>
    /// Sends this node's signal about a case. A proposal or extension names its date, or instead a
    /// <paramref name="preset"/> (a key of <see cref="Deadlines.TimelinePresets.EmbargoLengths"/>): that many days from the first report.
    /// </summary>
    public async Task<(EmbargoContext Context, EmbargoView View)> SignalAsync(
        string caseId, EmbargoSignalKind kind, DateTimeOffset? date, string? preset, string? refersTo, string? reason, string actor, CancellationToken cancellationToken)
    {
        var id = FederationCaseId.Parse(caseId);
        var context = await ContextAsync(id, cancellationToken)
                      ?? throw new FederationException(ErrorCode.NotFound, $"No embargo is known here for {id}: it is neither a local case nor one a partner signalled about.");
        if (preset is not null)
        {
            if (date is not null)
            {
                throw new FederationException(ErrorCode.InvalidArgument, "Give a date or a preset, not both.", "preset");
            }

            date = Deadlines.TimelinePresets.EmbargoLengths.TryGetValue(preset, out var days)
                ? context.FirstReportedAt.AddDays(days)
                : throw new FederationException(ErrorCode.InvalidArgument,
                    $"'{preset}' is not an embargo preset: use {string.Join(", ", Deadlines.TimelinePresets.EmbargoLengths.Select(p => $"{p.Key} ({p.Value} days)"))}.", "preset");
        }

        var held = (await store.ListSignalsAsync(id.ToString(), cancellationToken)).Select(s => s.ToSignal()).ToList();
        var view = EmbargoMachine.Compute(context, held);
        var now = timeProvider.GetUtcNow();
        var signalId = MessageId.New(node.Jurisdiction, timeProvider);
        var signal = new EmbargoSignal(signalId, FederationCaseId.Parse(caseId), node.Jurisdiction, kind, now, date?.ToUniversalTime(), refersTo, reason);
        EmbargoMachine.Validate(context, view, signal);

        var ownCase = signal.CaseId.Origin == node.Jurisdiction;
        var recipients = ownCase ? context.Participants.Where(p => p != node.Jurisdiction).ToList() : [signal.CaseId.Origin];
        var first = true;
        foreach (var recipient in recipients)
        {
            // The first envelope carries the signal's own id, so the signal is known by one global id everywhere.
            var messageId = first ? signalId : MessageId.New(node.Jurisdiction, timeProvider);
            var bytes = sealer.SealEmbargoSignal(messageId, recipient, signal, ownCase ? context : null, now);
            outbox.Enqueue(new OutboxMessage(messageId, recipient.Value, signal.CaseId.ToString(), 0, bytes, now));
            first = false;
        }

        store.AddSignal(new EmbargoSignalRecord(signal, [], now));
        audit.Append(AuditEntry.Create(timeProvider, AuditKinds.EmbargoSignalled, actor, signal.CaseId.ToString(), kind.ToWire(),
            $"signal={signalId}; date={(date is { } d ? EmbargoMachine.Instant(d) : "-")}; refers_to={refersTo}; to={string.Join(',', recipients)}"));
        await unitOfWork.SaveChangesAsync(cancellationToken);
        deliverySignal?.Notify();
        events?.Publish(new Events.FederationEvent(Events.EventKinds.EmbargoPrefix + kind.ToString().ToLowerInvariant(), signal.CaseId.ToString(), now,
            $"signal {signalId} from {node.Jurisdiction}{(date is { } d2 ? $", date {EmbargoMachine.Instant(d2)}" : "")}"));
        // The view after the signal, computed from what was just committed: no second read of the store.
        return (context, EmbargoMachine.Compute(context, held.Append(signal)));
    }

    /// <summary>
    /// A signal from a partner (direct, or relayed by the case's origin). Writes into the caller's unit
    /// of work; returns the refusal, or what to audit when it was stored (or already held): the receive
    /// pipeline writes the one audit entry of each envelope.
    /// </summary>
    public async Task<HandlerResult> AcceptAsync(
        EmbargoSignal signal, EmbargoContext? context, JurisdictionCode deliveredBy, bool relayed, byte[] evidence, CancellationToken cancellationToken)
    {
        var caseId = signal.CaseId.ToString();
        var now = timeProvider.GetUtcNow();
        if (signal.CaseId.Origin == node.Jurisdiction)
        {
            // This node coordinates: the sender must take part, and the signal must be one that can count.
            if (relayed)
            {
                return HandlerResult.Refuse(ErrorCode.PermissionDenied, $"Nobody relays embargo signals about {caseId} to its origin.", "embargo_relay");
            }

            var own = await ContextAsync(signal.CaseId, cancellationToken);
            if (own is null || !own.Participants.Contains(signal.From))
            {
                return HandlerResult.Refuse(ErrorCode.NotAParty, $"{signal.From} is not a participant of the embargo of {caseId}.", "federation_case_id");
            }

            var signals = await store.ListSignalsAsync(caseId, cancellationToken);
            var view = EmbargoMachine.Compute(own, signals.Select(s => s.ToSignal()).Append(signal));
            if (view.History.FirstOrDefault(h => h.Signal.Id == signal.Id) is { Applied: false } ignored)
            {
                return HandlerResult.Refuse(ErrorCode.FailedPrecondition, $"The embargo signal cannot count: {ignored.Effect}.", "embargo_signal");
            }

            if (await store.HasSignalAsync(signal.Id, cancellationToken))
            {
                // Already counted under another message id: nothing to relay again.
                return new Accepted(new AuditNote(AuditKinds.EmbargoReceived, caseId, signal.Kind.ToWire(), $"signal={signal.Id}; from={signal.From}; already held"));
            }

            store.AddSignal(new EmbargoSignalRecord(signal, evidence, now));
            foreach (var participant in own.Participants.Where(p => p != node.Jurisdiction && p != signal.From))
            {
                var messageId = MessageId.New(node.Jurisdiction, timeProvider);
                outbox.Enqueue(new OutboxMessage(messageId, participant.Value, caseId, 0, sealer.SealEmbargoRelay(messageId, participant, evidence, own, now), now));
            }

            return new Accepted(new AuditNote(AuditKinds.EmbargoReceived, caseId, signal.Kind.ToWire(),
                $"signal={signal.Id}; from={signal.From}; relayed to {string.Join(',', own.Participants.Where(p => p != node.Jurisdiction && p != signal.From))}"));
        }

        // A partner's case: only its origin speaks to us about it (directly, or relaying another participant).
        if (deliveredBy != signal.CaseId.Origin || (!relayed && signal.From != deliveredBy))
        {
            return HandlerResult.Refuse(ErrorCode.PermissionDenied,
                $"Embargo signals about {caseId} come from its origin {signal.CaseId.Origin}; {deliveredBy} is not it.", "federation_case_id");
        }

        if (context is null || !context.Participants.Contains(node.Jurisdiction))
        {
            return HandlerResult.Refuse(ErrorCode.InvalidArgument, $"An embargo signal from the origin of {caseId} must carry its context naming this node.", "context");
        }

        var record = await store.FindContextAsync(caseId, cancellationToken);
        if (record is null)
        {
            record = new EmbargoContextRecord(caseId);
            store.AddContext(record);
        }

        record.Update(context);
        if (!await store.HasSignalAsync(signal.Id, cancellationToken))
        {
            store.AddSignal(new EmbargoSignalRecord(signal, evidence, now));
        }

        return new Accepted(new AuditNote(AuditKinds.EmbargoReceived, caseId, signal.Kind.ToWire(), $"signal={signal.Id}; from={signal.From}; relayed={relayed}"));
    }

    /// <summary>Own cases: the origin and every partner still holding the summary; partners' cases: as the origin sent it.</summary>
    private async Task<EmbargoContext?> ContextAsync(FederationCaseId id, CancellationToken cancellationToken)
    {
        if (id.Origin != node.Jurisdiction)
        {
            return (await store.FindContextAsync(id.ToString(), cancellationToken))?.ToContext();
        }

        var @case = await cases.FindAsync(id.ToString(), cancellationToken);
        if (@case is null)
        {
            return null;
        }

        var partners = (await cases.ListSharesAsync(@case.Id, cancellationToken)).Where(s => !s.Withdrawn).Select(s => JurisdictionCode.Parse(s.Partner)).ToList();
        var now = timeProvider.GetUtcNow();
        // The most restrictive treaty sets the limit: the shortest maximum any treaty with any participant sets.
        var limits = partners.SelectMany(p => treaties.InForceBetween(node.Jurisdiction, p, now)).Select(t => t.MaxEmbargoDays).Where(d => d is not null).ToList();
        return new EmbargoContext(node.Jurisdiction, partners.Append(node.Jurisdiction).ToHashSet(), @case.CreatedAt, limits.Count == 0 ? null : limits.Min());
    }
}
