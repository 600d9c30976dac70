using Federation.Core.Abstractions;
using Federation.Core.Audit;
using Federation.Core.Cases;
using Federation.Core.Embargoes;
using Federation.Core.Identity;
using Federation.Core.Treaties;

namespace Federation.Core.Deadlines;

/// <summary>
/// A case's clocks: the timelines this node follows (e.g. the CRA preset) and the deadlines the
/// treaties in force with its participants set, computed from the embargo's signals and the
/// reports recorded here.
/// </summary>
public sealed class DeadlineService(
    EmbargoService embargoes,
    ICaseStore cases,
    ICaseReportStore reports,
    ITreatyRegistry treaties,
    IAuditLog audit,
    IUnitOfWork unitOfWork,
    IReadOnlyList<DeadlineRule> timelines,
    LocalNode node,
    TimeProvider timeProvider)
{
    public async Task<IReadOnlyList<Deadline>> ListAsync(string caseId, CancellationToken cancellationToken)
    {
        var (context, view) = await embargoes.ViewAsync(caseId, cancellationToken);
        var now = timeProvider.GetUtcNow();
        var treatyRules = context.Participants
            .Where(p => p != context.Origin)
            .SelectMany(p => treaties.InForceBetween(context.Origin, p, now))
            .SelectMany(t => t.Deadlines)
            .GroupBy(d => d.Name, StringComparer.Ordinal)
            // Where several treaties set the same deadline, the shortest binds.
            .Select(g => new DeadlineRule(g.Key, TimelinePresets.AnchorOf(g.Key), g.Min(d => d.Within)));
        var rules = timelines.Concat(treatyRules).GroupBy(r => (r.Name, r.Anchor)).Select(g => g.MinBy(r => r.Within)!).ToList();
        var met = (await reports.ListAsync(FederationCaseId.Parse(caseId).ToString(), cancellationToken)).ToDictionary(r => r.Name, r => r.RecordedAt, StringComparer.Ordinal);
        return DeadlineClock.Compute(context, view, rules, met, now);
    }

    public async Task RecordReportAsync(string caseId, string name, string actor, CancellationToken cancellationToken)
    {
        var id = FederationCaseId.Parse(caseId);
        if (id.Origin != node.Jurisdiction || await cases.FindAsync(id.ToString(), cancellationToken) is null)
        {
            throw new FederationException(ErrorCode.NotFound, $"No case {id} exists on this node; reports are recorded by the case's origin.");
        }

        if ((await ListAsync(caseId, cancellationToken)).All(d => d.Name != name || d.DueFrom != node.Jurisdiction))
        {
            throw new FederationException(ErrorCode.FailedPrecondition, $"No deadline '{name}' is owed by this node for {id}; see 'fedctl case deadlines {id}'.", "name");
        }

        reports.Add(new CaseReport(id.ToString(), name, actor, timeProvider.GetUtcNow()));
        audit.Append(AuditEntry.Create(timeProvider, AuditKinds.ReportRecorded, actor, id.ToString(), name));
        await unitOfWork.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// The overdue deadlines of one page of cases (the most recently changed first). A page may hold fewer
    /// deadlines than cases, or none, and still be followed by another: the position is that of the cases.
    /// </summary>
    public async Task<Page<(string CaseId, Deadline Deadline)>> OverdueAsync(PageRequest page, CancellationToken cancellationToken)
    {
        var overdue = new List<(string, Deadline)>();
        var scanned = await cases.ListAsync(page, cancellationToken);
        foreach (var @case in scanned.Items)
        {
            overdue.AddRange((await ListAsync(@case.Id, cancellationToken)).Where(d => d.State == DeadlineState.Overdue).Select(d => (@case.Id, d)));
        }

        return new Page<(string, Deadline)>(overdue, scanned.NextAfter);
    }
}
