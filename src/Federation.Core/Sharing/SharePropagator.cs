using Federation.Core.Audit;
using Federation.Core.Cases;
using Federation.Core.Delivery;
using Federation.Core.Identity;
using Federation.Core.Treaties;

namespace Federation.Core.Sharing;

/// <summary>
/// Keeps what partners hold in line with what is allowed now. Every change to a shared case
/// (fields, TLP, flags, consent) and every change of the treaties in force is followed by a fresh
/// evaluation for each partner holding the case: a new revision when something is still allowed,
/// a withdrawal when nothing is. Writes into the caller's unit of work, so the change and the
/// messages that carry it commit together.
/// </summary>
public sealed class SharePropagator(
    ICaseStore cases, ITreatyRegistry treaties, IEnvelopeSealer sealer, IOutbox outbox, IAuditLog audit, LocalNode node, TimeProvider timeProvider)
{
    /// <summary>Re-evaluates every partner holding <paramref name="case"/>; returns how many messages were queued.</summary>
    public async Task<int> PropagateAsync(Case @case, string actor, CancellationToken cancellationToken)
    {
        var queued = 0;
        var now = timeProvider.GetUtcNow();
        foreach (var share in await cases.ListSharesAsync(@case.Id, cancellationToken))
        {
            if (share.Withdrawn)
            {
                // Taken back earlier: only an operator's new share sends it again.
                continue;
            }

            var partner = JurisdictionCode.Parse(share.Partner);
            var evaluation = SharingRule.Evaluate(@case, partner, treaties.InForceBetween(node.Jurisdiction, partner, now));
            if (evaluation.Allowed)
            {
                if (IsCurrent(share, evaluation))
                {
                    continue;
                }

                EnqueueSummary(@case, evaluation, share, actor, AuditKinds.ShareReevaluated, now);
            }
            else
            {
                EnqueueWithdrawal(@case, share, evaluation.Refusal ?? "not allowed", actor, now);
            }

            queued++;
        }

        return queued;
    }

    public static bool IsCurrent(CaseShare share, ShareEvaluation evaluation) =>
        !share.Withdrawn
        && share.Revision == evaluation.Summary!.Revision
        && share.SummaryHash == HashOf(evaluation);

    /// <summary>What a partner holds, as one hash: label, every field and value, and the treaty named.</summary>
    public static string HashOf(ShareEvaluation evaluation)
    {
        var summary = evaluation.Summary!;
        var builder = new System.Text.StringBuilder();
        builder.Append(evaluation.Treaty!.Id).Append('\u001f').Append(evaluation.Treaty.Version).Append('\u001f').Append((int)summary.Tlp);
        foreach (var (name, value) in summary.Fields)
        {
            builder.Append('\u001e').Append(name).Append('\u001f').Append(value);
        }

        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(builder.ToString())));
    }

    /// <summary>Seals an allowed summary into the outbox and records the share and its audit entry.</summary>
    public string EnqueueSummary(Case @case, ShareEvaluation evaluation, CaseShare? share, string actor, string auditKind, DateTimeOffset now)
    {
        var treaty = evaluation.Treaty!;
        var summary = evaluation.Summary!;
        var messageId = MessageId.New(node.Jurisdiction, timeProvider);
        outbox.Enqueue(new OutboxMessage(messageId, evaluation.Partner.Value, @case.Id, summary.Revision,
            sealer.Seal(messageId, evaluation.Partner, treaty, summary, now), now));
        if (share is null)
        {
            share = new CaseShare(@case.Id, evaluation.Partner.Value);
            cases.AddShare(share);
        }

        share.Record(treaty.Id, treaty.Version, summary.Revision, messageId, now, HashOf(evaluation));
        audit.Append(AuditEntry.Create(timeProvider, auditKind, actor, @case.Id, "allowed",
            $"partner={evaluation.Partner}; treaty={treaty}; revision={summary.Revision}; message={messageId}; fields={string.Join(',', summary.Fields.Select(f => f.Key))}; withheld={string.Join("; ", evaluation.Withheld)}",
            AuditEntry.TreatyOf(treaty.Id, treaty.Version)));
        return messageId;
    }

    private void EnqueueWithdrawal(Case @case, CaseShare share, string reason, string actor, DateTimeOffset now)
    {
        var partner = JurisdictionCode.Parse(share.Partner);
        var messageId = MessageId.New(node.Jurisdiction, timeProvider);
        outbox.Enqueue(new OutboxMessage(messageId, share.Partner, @case.Id, @case.Revision,
            sealer.SealWithdrawal(messageId, partner, @case.FederationId, @case.Revision, now), now));
        share.Withdraw(@case.Revision, messageId, now);
        audit.Append(AuditEntry.Create(timeProvider, AuditKinds.ShareWithdrawn, actor, @case.Id, "withdrawn",
            $"partner={partner}; revision={@case.Revision}; message={messageId}; reason={reason}"));
    }
}
