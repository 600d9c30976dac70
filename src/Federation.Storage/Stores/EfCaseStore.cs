using Federation.Core.Abstractions;
using Federation.Core.Cases;
using Federation.Core.Duplicates;
using Microsoft.EntityFrameworkCore;

namespace Federation.Storage.Stores;

internal sealed class EfCaseStore(FederationDbContext db) : ICaseStore
{
    public void Add(Case @case) => db.Cases.Add(@case);

    public Task<Case?> FindAsync(string id, CancellationToken cancellationToken) => CompiledQueries.CaseById(db, id, cancellationToken);

    public async Task<Page<Case>> ListAsync(PageRequest page, CancellationToken cancellationToken)
    {
        IQueryable<Case> query = db.Cases;
        if (KeysetCursor.Parse(page.After) is { } after)
        {
            query = query.Where(c => c.UpdatedAt < after.At || (c.UpdatedAt == after.At && string.Compare(c.Id, after.Id) < 0));
        }

        var fetched = await query.OrderByDescending(c => c.UpdatedAt).ThenByDescending(c => c.Id).Take(page.Size + 1).ToListAsync(cancellationToken);
        return Page<Case>.FromOverfetch(fetched, page, c => new KeysetCursor(c.UpdatedAt, c.Id).ToString());
    }

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

    public async Task<IReadOnlyList<FingerprintHolder>> FindByFingerprintsAsync(IReadOnlyCollection<string> fingerprints, CancellationToken cancellationToken)
    {
        // One array parameter, so one SQL text for every count (see EfInbox.ByKeyAsync): an array, whatever the caller passed.
        string[] values = [.. fingerprints];
        return await db.Set<CaseTreatyFingerprint>().AsNoTracking()
            .Where(f => f.Value != null && EF.Parameter(values).Contains(f.Value))
            .Select(f => new FingerprintHolder(EF.Property<string>(f, "CaseId"), f.TreatyId, f.Value!))
            .ToListAsync(cancellationToken);
    }

    public void AddLink(CaseLink link) => db.CaseLinks.Add(link);

    public async Task<Page<CaseLink>> ListLinksAsync(string? caseId, PageRequest page, CancellationToken cancellationToken)
    {
        var query = db.CaseLinks.AsNoTracking().Where(l => caseId == null || l.LocalCaseId == caseId);
        if (KeysetCursor.Parse(page.After) is { } after)
        {
            // Ties on the instant are broken by the partner's case id, then by ours (one row per pair).
            var (partnerId, localId) = SplitPair(after.Id);
            query = query.Where(l => l.LinkedAt < after.At
                || (l.LinkedAt == after.At && (string.Compare(l.PartnerCaseId, partnerId) < 0
                    || (l.PartnerCaseId == partnerId && string.Compare(l.LocalCaseId, localId) < 0))));
        }

        var fetched = await query.OrderByDescending(l => l.LinkedAt).ThenByDescending(l => l.PartnerCaseId).ThenByDescending(l => l.LocalCaseId)
            .Take(page.Size + 1).ToListAsync(cancellationToken);
        return Page<CaseLink>.FromOverfetch(fetched, page, l => new KeysetCursor(l.LinkedAt, $"{l.PartnerCaseId}|{l.LocalCaseId}").ToString());
    }

    private static (string Partner, string Local) SplitPair(string id)
    {
        var bar = id.IndexOf('|', StringComparison.Ordinal);
        return bar < 0
            ? throw new Core.FederationException(Core.ErrorCode.InvalidArgument, "The page token does not belong to this list.", "page_token")
            : (id[..bar], id[(bar + 1)..]);
    }

    public async Task<IReadOnlyList<CaseLink>> ListLinksToAsync(IReadOnlyCollection<string> partnerCaseIds, CancellationToken cancellationToken)
    {
        string[] ids = [.. partnerCaseIds];
        return await db.CaseLinks.AsNoTracking().Where(l => EF.Parameter(ids).Contains(l.PartnerCaseId)).ToListAsync(cancellationToken);
    }
}
