using Federation.Core.Abstractions;
using Federation.Core.Audit;
using Federation.Core.Delivery;
using Federation.Core.Duplicates;
using Federation.Core.Identity;
using Federation.Core.Severity;
using Federation.Core.Sharing;

namespace Federation.Core.Cases;

/// <summary>Intake and triage of local cases, each change audited (by field name, never by value).</summary>
public sealed class CaseService(
    ICaseStore cases, IAuditLog audit, IUnitOfWork unitOfWork, SharePropagator propagator, CaseFingerprinter fingerprinter, DuplicateLinker linker,
    LocalNode node, TimeProvider timeProvider, IDeliverySignal? deliverySignal = null, IErasureSignal? erasure = null)
{
    public async Task<Case> CreateAsync(CaseFieldsUpdate fields, string actor, CancellationToken cancellationToken)
    {
        var @case = Case.Create(node.Jurisdiction, fields, timeProvider);
        fingerprinter.Refresh(@case);
        cases.Add(@case);
        audit.Append(AuditEntry.Create(timeProvider, AuditKinds.CaseCreated, actor, @case.Id, "ok", $"tlp={@case.Tlp.ToLabel()}"));
        var links = await linker.LinkLocalAsync(@case, actor, cancellationToken);
        await unitOfWork.SaveChangesAsync(cancellationToken);
        linker.Report(links);
        return @case;
    }

    public async Task<Case> UpdateAsync(string caseId, CaseFieldsUpdate fields, string actor, CancellationToken cancellationToken)
    {
        var @case = await GetAsync(caseId, cancellationToken);
        if (fields.Status == CaseStatus.Published && @case.Status != CaseStatus.Published)
        {
            // Publishing checks the embargo, builds the advisory and signals every participant: it is not a field edit.
            throw new FederationException(ErrorCode.FailedPrecondition,
                $"A case becomes published only by publishing it (fedctl case publish {@case.Id}), which checks the embargo and tells every participant.", "status");
        }

        @case.Update(fields, timeProvider);
        fingerprinter.Refresh(@case);
        audit.Append(AuditEntry.Create(timeProvider, AuditKinds.CaseUpdated, actor, @case.Id, "ok",
            $"revision={@case.Revision}; fields={string.Join(',', ChangedFieldNames(fields))}"));
        await CommitWithPropagationAsync(@case, actor, cancellationToken);
        if (fields.NamesText)
        {
            // A cleared or replaced value (a reporter's contact erased on request): its old bytes must not stay in the store's files.
            erasure?.Notify();
        }

        return @case;
    }

    /// <summary>
    /// Records an assessment, which becomes the case's current severity. A change like any other:
    /// partners holding the case get the new revision in the same transaction.
    /// </summary>
    public async Task<(Case Case, CaseAssessment Assessment)> AssessAsync(
        string caseId, string cvss, string? ssvc, string actor, CancellationToken cancellationToken)
    {
        // Parsed before anything is read or written: a malformed vector is the caller's error, named by metric.
        var vector = CvssV4Vector.Parse(cvss?.Trim());
        var decision = string.IsNullOrWhiteSpace(ssvc) ? null : SsvcAssessment.Parse(ssvc.Trim());
        var @case = await GetAsync(caseId, cancellationToken);
        var assessment = @case.Assess(vector, decision, actor, timeProvider);
        cases.AddAssessment(assessment);
        audit.Append(AuditEntry.Create(timeProvider, AuditKinds.CaseAssessed, actor, @case.Id, "ok",
            $"revision={@case.Revision}; fields=cvss{(decision is null ? "" : ",ssvc")}"));
        await CommitWithPropagationAsync(@case, actor, cancellationToken);
        return (@case, assessment);
    }

    public async Task<IReadOnlyList<CaseAssessment>> ListAssessmentsAsync(string caseId, CancellationToken cancellationToken)
    {
        var @case = await GetAsync(caseId, cancellationToken);
        return await cases.ListAssessmentsAsync(@case.Id, cancellationToken);
    }

    /// <summary>Possible duplicates a partner holds, for one case or all of them.</summary>
    public async Task<Abstractions.Page<CaseLink>> ListLinksAsync(string? caseId, Abstractions.PageRequest page, CancellationToken cancellationToken)
    {
        var id = caseId is null ? null : (await GetAsync(caseId, cancellationToken)).Id;
        return await cases.ListLinksAsync(id, page, cancellationToken);
    }

    /// <summary>
    /// After a start with other fingerprint keys: every case's fingerprints are computed again; a case whose
    /// fingerprints changed gets a new revision (so partners holding it receive them) and is matched again.
    /// One transaction per changed case. Returns how many changed.
    /// </summary>
    public async Task<int> RefreshFingerprintsAsync(string actor, CancellationToken cancellationToken)
    {
        var changed = 0;
        foreach (var id in await cases.ListIdsAsync(cancellationToken))
        {
            var @case = await cases.FindAsync(id, cancellationToken);
            if (@case is null || !fingerprinter.Refresh(@case))
            {
                continue;
            }

            @case.MarkChanged(timeProvider);
            audit.Append(AuditEntry.Create(timeProvider, AuditKinds.CaseUpdated, actor, @case.Id, "ok",
                $"revision={@case.Revision}; fields=fingerprint"));
            await CommitWithPropagationAsync(@case, actor, cancellationToken);
            changed++;
        }

        return changed;
    }

    /// <summary>
    /// Records the full set of scopes the reporter allows now. Withdrawing every consent (which sends
    /// partners withdrawals) must be asked for as such: an empty set alone is refused, so that a forgotten
    /// argument never withdraws by accident.
    /// </summary>
    public async Task<Case> RecordConsentAsync(string caseId, IReadOnlyCollection<string> scopes, bool withdrawAll, string actor, CancellationToken cancellationToken)
    {
        if (scopes.Count == 0 && !withdrawAll)
        {
            throw new FederationException(ErrorCode.InvalidArgument,
                "No consent scope is named: name every scope the reporter allows now, or withdraw all consent explicitly (withdraw_all).", "scopes");
        }

        if (scopes.Count > 0 && withdrawAll)
        {
            throw new FederationException(ErrorCode.InvalidArgument, "Withdrawing all consent names no scope.", "withdraw_all");
        }

        var @case = await GetAsync(caseId, cancellationToken);
        @case.RecordConsent(scopes, timeProvider);
        audit.Append(AuditEntry.Create(timeProvider, AuditKinds.ConsentRecorded, actor, @case.Id, "ok",
            $"scopes={string.Join(',', @case.ConsentScopes)}"));
        await CommitWithPropagationAsync(@case, actor, cancellationToken);
        return @case;
    }

    public async Task<Case> GetAsync(string caseId, CancellationToken cancellationToken)
    {
        var id = FederationCaseId.Parse(caseId).ToString();
        return await cases.FindAsync(id, cancellationToken)
               ?? throw new FederationException(ErrorCode.NotFound, $"No case {id} exists on this node.");
    }

    /// <summary>
    /// Partners holding the case get the new revision, or a withdrawal, in the same transaction as
    /// the change: a consent withdrawn is never committed without the messages that carry it.
    /// </summary>
    private async Task CommitWithPropagationAsync(Case @case, string actor, CancellationToken cancellationToken)
    {
        var queued = await propagator.PropagateAsync(@case, actor, cancellationToken);
        var links = await linker.LinkLocalAsync(@case, actor, cancellationToken);
        await unitOfWork.SaveChangesAsync(cancellationToken);
        linker.Report(links);
        if (queued > 0)
        {
            deliverySignal?.Notify();
        }
    }

    public Task<Abstractions.Page<Case>> ListAsync(Abstractions.PageRequest page, CancellationToken cancellationToken) =>
        cases.ListAsync(page, cancellationToken);

    private static IEnumerable<string> ChangedFieldNames(CaseFieldsUpdate f)
    {
        (string Name, object? Value)[] all =
        [
            ("title", f.Title), ("synopsis", f.Synopsis), ("technical_description", f.TechnicalDescription),
            ("proof_of_concept", f.ProofOfConcept), ("reporter_name", f.ReporterName), ("reporter_contact", f.ReporterContact),
            ("vendor", f.Vendor), ("product", f.Product), ("model_version", f.ModelVersion), ("sector", f.Sector),
            ("taxonomy_class", f.TaxonomyClass), ("component", f.Component), ("status", f.Status), ("tlp", f.Tlp),
            ("national_security", f.NationalSecurity), ("contains_personal_data", f.ContainsPersonalData),
        ];
        return all.Where(x => x.Value is not null).Select(x => x.Name);
    }
}
