using Federation.Core.Cases;
using Federation.Core.Duplicates;
using Microsoft.EntityFrameworkCore;

namespace Federation.Storage.Stores;

internal sealed class EfCaseStore(FederationDbContext db) : ICaseStore
{
    public void Add(Case @case) => db.Cases.Add(@case);

    public Task<Case?> FindAsync(string id, CancellationToken cancellationToken) => CompiledQueries.CaseById(db, id, cancellationToken);

    public async Task<IReadOnlyList<Case>> ListAsync(int limit, CancellationToken cancellationToken) =>
        await db.Cases.OrderByDescending(c => c.UpdatedAt).Take(limit).ToListAsync(cancellationToken);

    public Task<CaseShare?> FindShareAsync(string caseId, string partner, CancellationToken cancellationToken) =>
        db.CaseShares.FirstOrDefaultAsync(s => s.CaseId == caseId && s.Partner == partner, cancellationToken);

    public void AddShare(CaseShare share) => db.CaseShares.Add(share);

    public async Task<IReadOnlyList<CaseShare>> ListSharesAsync(string caseId, CancellationToken cancellationToken) =>
        await CompiledQueries.SharesOfCase(db, caseId).ToListAsync(cancellationToken);

    public async Task<IReadOnlyList<string>> ListSharedCaseIdsAsync(CancellationToken cancellationToken) =>
        await db.CaseShares.Where(s => !s.Withdrawn).Select(s => s.CaseId).Distinct().ToListAsync(cancellationToken);

    public void AddAssessment(CaseAssessment assessment) => db.CaseAssessments.Add(assessment);

    public async Task<IReadOnlyList<CaseAssessment>> ListAssessmentsAsync(string caseId, CancellationToken cancellationToken) =>
        await db.CaseAssessments.AsNoTracking().Where(a => a.CaseId == caseId).OrderBy(a => a.Id).ToListAsync(cancellationToken);

    public async Task<IReadOnlyList<string>> ListIdsAsync(CancellationToken cancellationToken) =>
        await db.Cases.Select(c => c.Id).ToListAsync(cancellationToken);

    public async Task<IReadOnlyList<FingerprintHolder>> FindByFingerprintsAsync(IReadOnlyCollection<string> fingerprints, CancellationToken cancellationToken) =>
        await db.Set<CaseTreatyFingerprint>().AsNoTracking()
            .Where(f => f.Value != null && fingerprints.Contains(f.Value))
            .Select(f => new FingerprintHolder(EF.Property<string>(f, "CaseId"), f.TreatyId, f.Value!))
            .ToListAsync(cancellationToken);

    public void AddLink(CaseLink link) => db.CaseLinks.Add(link);

    public async Task<IReadOnlyList<CaseLink>> ListLinksAsync(string? caseId, int limit, CancellationToken cancellationToken) =>
        await db.CaseLinks.AsNoTracking().Where(l => caseId == null || l.LocalCaseId == caseId)
            .OrderByDescending(l => l.LinkedAt).Take(limit).ToListAsync(cancellationToken);

    public async Task<IReadOnlyList<CaseLink>> ListLinksToAsync(IReadOnlyCollection<string> partnerCaseIds, CancellationToken cancellationToken) =>
        await db.CaseLinks.AsNoTracking().Where(l => partnerCaseIds.Contains(l.PartnerCaseId)).ToListAsync(cancellationToken);
}
