using Federation.Core.Audit;
using Federation.Core.Events;

namespace Federation.Core.Inbox.Handlers;

/// <summary>
/// The origin takes back what it shared. A withdrawal only ever narrows what this node holds, so it
/// is accepted from the case's origin even when no treaty is in force any more (a sunset must not
/// strand shared data here).
/// </summary>
public sealed class WithdrawalHandler(IInbox inbox) : IEnvelopeHandler<WithdrawalEnvelope>
{
    public Task<HandlerResult> HandleAsync(WithdrawalEnvelope envelope, InboxBatch batch, CancellationToken cancellationToken) =>
        Task.FromResult(Handle(envelope, batch));

    private HandlerResult Handle(WithdrawalEnvelope envelope, InboxBatch batch)
    {
        var withdrawal = envelope.Withdrawal;
        if (withdrawal.CaseId.Origin != envelope.Origin)
        {
            return HandlerResult.Refuse(ErrorCode.PermissionDenied,
                $"{envelope.Origin} may only withdraw summaries of its own cases; {withdrawal.CaseId} originates in {withdrawal.CaseId.Origin}.", "withdrawal.federation_case_id");
        }

        var caseId = withdrawal.CaseId.ToString();
        var outcome = "nothing-held";
        var removed = false;
        if (batch.Held.TryGetValue(caseId, out var summary))
        {
            var held = summary.Fields.Count > 0;
            var withdrawn = summary.Withdraw(withdrawal.Revision, envelope.CreatedAt, envelope.MessageId, batch.Now);
            outcome = withdrawn ? "content-deleted" : "newer-revision-kept";
            removed = withdrawn && held;
        }
        else
        {
            // Remember the withdrawal, so that a summary overtaken by it in transit is not applied after it.
            summary = new ReceivedSummary(caseId, envelope.Origin.Value);
            summary.Withdraw(withdrawal.Revision, envelope.CreatedAt, envelope.MessageId, batch.Now);
            inbox.AddSummary(summary);
            batch.Held[caseId] = summary;
        }

        return new Accepted(
            new AuditNote(AuditKinds.SummaryWithdrawn, envelope.MessageId, outcome, $"case={caseId}; revision={withdrawal.Revision}"),
            new FederationEvent(EventKinds.SummaryWithdrawn, caseId, batch.Now, $"by {envelope.Origin}"))
        {
            ContentRemoved = removed,
        };
    }
}
