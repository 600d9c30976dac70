using Federation.Core.Duplicates;

namespace Federation.Core.Cases;

/// <summary>The case port: local cases and the record of what was shared with whom.</summary>
public interface ICaseStore
{
    void Add(Case @case);

    Task<Case?> FindAsync(string id, CancellationToken cancellationToken);

    /// <summary>Most recently changed first.</summary>
    Task<Abstractions.Page<Case>> ListAsync(Abstractions.PageRequest page, CancellationToken cancellationToken);

    Task<CaseShare?> FindShareAsync(string caseId, string partner, CancellationToken cancellationToken);

    void AddShare(CaseShare share);

    /// <summary>Every partner a case was shared with (withdrawn ones included).</summary>
    Task<IReadOnlyList<CaseShare>> ListSharesAsync(string caseId, CancellationToken cancellationToken);

    /// <summary>Ids of cases that some partner still holds a summary of.</summary>
    Task<IReadOnlyList<string>> ListSharedCaseIdsAsync(CancellationToken cancellationToken);

    void AddAssessment(CaseAssessment assessment);

    /// <summary>A case's assessments, oldest first.</summary>
    Task<IReadOnlyList<CaseAssessment>> ListAssessmentsAsync(string caseId, CancellationToken cancellationToken);

    /// <summary>Every id of a local case, for work that must visit them all (startup).</summary>
    Task<IReadOnlyList<string>> ListIdsAsync(CancellationToken cancellationToken);

    /// <summary>Local cases holding any of <paramref name="fingerprints"/> (under any treaty key).</summary>
    Task<IReadOnlyList<FingerprintHolder>> FindByFingerprintsAsync(IReadOnlyCollection<string> fingerprints, CancellationToken cancellationToken);

    void AddLink(CaseLink link);

    /// <summary>Links of one local case, or of every local case when <paramref name="caseId"/> is null; newest first.</summary>
    Task<Abstractions.Page<CaseLink>> ListLinksAsync(string? caseId, Abstractions.PageRequest page, CancellationToken cancellationToken);

    /// <summary>Links that involve any of <paramref name="partnerCaseIds"/>.</summary>
    Task<IReadOnlyList<CaseLink>> ListLinksToAsync(IReadOnlyCollection<string> partnerCaseIds, CancellationToken cancellationToken);
}
