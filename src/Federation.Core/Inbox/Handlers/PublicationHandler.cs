using Federation.Core.Audit;
using Federation.Core.Embargoes;
using Federation.Core.Events;
using Federation.Core.Publication;

namespace Federation.Core.Inbox.Handlers;

/// <summary>
/// A partner published one of its cases. Only the case's origin publishes it, and only to a node that takes part
/// (holds its summary or its embargo context). Idempotent: a version already held (or a later one) changes nothing.
/// </summary>
public sealed class PublicationHandler(IPublicationStore publications, IInbox inbox, IEmbargoStore embargoes) : IEnvelopeHandler<PublicationEnvelope>
{
    public async Task<HandlerResult> HandleAsync(PublicationEnvelope envelope, InboxBatch batch, CancellationToken cancellationToken)
    {
        var signal = envelope.Publication;
        var caseId = signal.CaseId.ToString();
        if (signal.CaseId.Origin != envelope.Origin)
        {
            return HandlerResult.Refuse(ErrorCode.PermissionDenied,
                $"{envelope.Origin} may only publish its own cases; {caseId} originates in {signal.CaseId.Origin}.", "publication.federation_case_id");
        }

        if (!await TakesPartAsync(caseId, batch, cancellationToken))
        {
            return HandlerResult.Refuse(ErrorCode.FailedPrecondition,
                $"This node takes no part in {caseId}: it holds neither its summary nor its embargo.", "publication.federation_case_id");
        }

        var held = await publications.FindReceivedAsync(caseId, cancellationToken);
        if (held is null)
        {
            held = new ReceivedPublication(caseId, envelope.Origin.Value);
            publications.AddReceived(held);
        }

        var applied = held.Apply(signal, envelope.MessageId, batch.Now);
        var note = new AuditNote(AuditKinds.PublicationReceived, envelope.MessageId, applied ? "recorded" : "older-version-ignored",
            $"case={caseId}; revision={signal.Revision}; tracking_id={signal.TrackingId}; version={signal.Version}; sha256={signal.Sha256Hex}");
        return applied
            ? new Accepted(note, new FederationEvent(EventKinds.PublicationReceived, caseId, batch.Now,
                $"advisory {signal.TrackingId} version {signal.Version} by {envelope.Origin}, public from {EmbargoMachine.Instant(signal.PublishedAt)}"))
            : new Accepted(note);
    }

    private async Task<bool> TakesPartAsync(string caseId, InboxBatch batch, CancellationToken cancellationToken)
    {
        var summary = batch.Held.TryGetValue(caseId, out var inBatch) ? inBatch : await inbox.FindSummaryAsync(caseId, cancellationToken);
        return summary is { Withdrawn: false } || await embargoes.FindContextAsync(caseId, cancellationToken) is not null;
    }
}
