using Federation.Core.Abstractions;
using Federation.Core.Audit;
using Federation.Core.Cases;
using Federation.Core.Delivery;
using Federation.Core.Identity;
using Federation.Core.Inbox;
using Federation.Core.Treaties;

namespace Federation.Core.Sharing;

/// <summary>
/// Shares a case with partners. For each partner the sharing rule decides; an allowed summary is
/// signed and written to the outbox in the same transaction as the decision and its audit entry.
/// </summary>
public sealed class ShareService(
    ICaseStore cases,
    ITreatyRegistry treaties,
    SharePropagator propagator,
    IAuditLog audit,
    IUnitOfWork unitOfWork,
    IInbox inbox,
    LocalNode node,
    TimeProvider timeProvider,
    IDeliverySignal? deliverySignal = null)
{
    public async Task<IReadOnlyList<ShareOutcome>> ShareAsync(
        string caseId, IReadOnlyCollection<string> partners, string actor, CancellationToken cancellationToken)
    {
        var parsed = FederationCaseId.Parse(caseId);
        var id = parsed.ToString();
        if (parsed.Origin != node.Jurisdiction)
        {
            await ThrowNotOriginAsync(parsed, cancellationToken);
        }

        var @case = await cases.FindAsync(id, cancellationToken)
                    ?? throw new FederationException(ErrorCode.NotFound, $"No case {id} exists on this node.");
        var now = timeProvider.GetUtcNow();

        var targets = partners.Count > 0
            ? partners.Select(JurisdictionCode.Parse).Distinct().ToList()
            : AllPartners(now);
        if (targets.Contains(node.Jurisdiction))
        {
            throw new FederationException(ErrorCode.InvalidArgument, $"A case cannot be shared with this node's own jurisdiction {node.Jurisdiction}.", "partners");
        }

        var outcomes = new List<ShareOutcome>();
        var enqueued = false;
        foreach (var partner in targets)
        {
            var evaluation = SharingRule.Evaluate(@case, partner, treaties.InForceBetween(node.Jurisdiction, partner, now));
            var withheld = string.Join("; ", evaluation.Withheld);
            if (!evaluation.Allowed)
            {
                audit.Append(AuditEntry.Create(timeProvider, AuditKinds.ShareDecided, actor, @case.Id, "refused",
                    $"partner={partner}; revision={@case.Revision}; reason={evaluation.Refusal}; withheld={withheld}",
                    AuditEntry.TreatyOf(evaluation.Treaty?.Id, evaluation.Treaty?.Version ?? 0)));
                outcomes.Add(new ShareOutcome(evaluation, null, AlreadyShared: false));
                continue;
            }

            var share = await cases.FindShareAsync(@case.Id, partner.Value, cancellationToken);
            if (share is not null && SharePropagator.IsCurrent(share, evaluation))
            {
                // Sharing the same revision again sends nothing: the partner already holds it (or will, on delivery).
                outcomes.Add(new ShareOutcome(evaluation, share.LastMessageId, AlreadyShared: true));
                continue;
            }

            var messageId = propagator.EnqueueSummary(@case, evaluation, share, actor, AuditKinds.ShareDecided, now);
            outcomes.Add(new ShareOutcome(evaluation, messageId, AlreadyShared: false));
            enqueued = true;
        }

        await unitOfWork.SaveChangesAsync(cancellationToken);
        if (enqueued)
        {
            deliverySignal?.Notify();
        }

        return outcomes;
    }

    /// <summary>
    /// Only a case's origin may share it: a partner's case held here is a summary its origin sent
    /// us, and passing it on is the origin's decision. Saying so (rather than "no case") tells the
    /// operator what to do; a case we do not hold at all stays NOT_FOUND. Always throws.
    /// </summary>
    private async Task ThrowNotOriginAsync(FederationCaseId id, CancellationToken cancellationToken)
    {
        var held = await inbox.FindSummaryAsync(id.ToString(), cancellationToken);
        if (held is { Withdrawn: false })
        {
            throw new FederationException(ErrorCode.FailedPrecondition,
                $"only the origin {id.Origin} can share {id}; this node holds a received summary");
        }

        throw new FederationException(ErrorCode.NotFound, $"No case {id} exists on this node (its origin is {id.Origin}).");
    }

    /// <summary>
    /// Re-evaluates one chunk of shared cases into the caller's unit of work (the background
    /// re-evaluation commits each chunk on its own, so the store is never held for a whole pass);
    /// returns how many messages were queued. The caller saves, then rings the dispatcher.
    /// </summary>
    public async Task<int> StageReevaluationAsync(IReadOnlyCollection<string> caseIds, string actor, CancellationToken cancellationToken)
    {
        var queued = 0;
        foreach (var caseId in caseIds)
        {
            if (await cases.FindAsync(caseId, cancellationToken) is { } @case)
            {
                queued += await propagator.PropagateAsync(@case, actor, cancellationToken);
            }
        }

        return queued;
    }

    private List<JurisdictionCode> AllPartners(DateTimeOffset now) =>
        treaties.All
            .Where(t => t.IsInForce(now))
            .SelectMany(t => t.Parties)
            .Where(p => p != node.Jurisdiction)
            .Distinct()
            .OrderBy(p => p.Value, StringComparer.Ordinal)
            .ToList();
}
