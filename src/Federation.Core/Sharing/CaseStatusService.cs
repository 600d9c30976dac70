using Federation.Core.Audit;
using Federation.Core.Cases;
using Federation.Core.Identity;
using Federation.Core.Treaties;

namespace Federation.Core.Sharing;

/// <summary>
/// Answers a partner's status query at the origin. A caller not entitled to a case gets the same
/// NOT_FOUND as for a case that does not exist, so the answer never tells whether a case exists.
/// </summary>
public sealed class CaseStatusService(
    ICaseStore cases, ITreatyRegistry treaties, IAuditLog audit, Embargoes.EmbargoService embargoes, Deadlines.DeadlineService deadlines,
    LocalNode node, TimeProvider timeProvider)
{
    public async Task<CaseStatus> GetForPartnerAsync(string caseId, JurisdictionCode caller, CancellationToken cancellationToken)
    {
        var id = FederationCaseId.Parse(caseId);
        var (status, why) = await EvaluateAsync(id, caller, cancellationToken);
        await audit.AppendNowAsync(AuditEntry.Create(timeProvider, AuditKinds.StatusQueried, $"peer:{caller}", id.ToString(),
            status is null ? "not-found" : "answered", why), cancellationToken);
        return status ?? throw new FederationException(ErrorCode.NotFound, $"No case {id} is known to {caller} at {node.Jurisdiction}.");
    }

    private async Task<(CaseStatus? Status, string Why)> EvaluateAsync(FederationCaseId id, JurisdictionCode caller, CancellationToken cancellationToken)
    {
        if (id.Origin != node.Jurisdiction)
        {
            return (null, "case does not originate here");
        }

        var @case = await cases.FindAsync(id.ToString(), cancellationToken);
        if (@case is null)
        {
            return (null, "no such case");
        }

        // Only partners the case was shared with may ask: the analyst's decision to share is not bypassed.
        if (await cases.FindShareAsync(@case.Id, caller.Value, cancellationToken) is not { Withdrawn: false })
        {
            return (null, "case was not shared with the caller, or was withdrawn");
        }

        var evaluation = SharingRule.Evaluate(@case, caller, treaties.InForceBetween(node.Jurisdiction, caller, timeProvider.GetUtcNow()));
        if (!evaluation.Allowed)
        {
            return (null, $"refused now: {evaluation.Refusal}");
        }

        var (_, embargo) = await embargoes.ViewAsync(@case.Id, cancellationToken);
        // The clocks a partner sees: what it owes itself, and whatever is overdue (from anyone), which every
        // participant needs to know to coordinate. What another partner owes and has not yet missed stays here.
        var clocks = (await deadlines.ListAsync(@case.Id, cancellationToken))
            .Where(d => d.DueFrom == caller || d.State == Deadlines.DeadlineState.Overdue)
            .ToList();
        return (new CaseStatus(evaluation.Summary!, evaluation.Treaty!, @case.UpdatedAt, embargo, clocks), $"revision={@case.Revision}");
    }

    /// <summary>A status answer: the summary as the caller may see it now, the embargo, and the clocks that concern the caller.</summary>
    public sealed record CaseStatus(
        CaseSummary Summary, Treaty Treaty, DateTimeOffset UpdatedAt, Embargoes.EmbargoView Embargo, IReadOnlyList<Deadlines.Deadline> Deadlines);
}
