using Federation.Core.Publication;
using Microsoft.EntityFrameworkCore;

namespace Federation.Storage.Stores;

internal sealed class EfCsafDistributionStore(FederationDbContext db) : ICsafDistributionStore
{
    public Task<CsafDistributionEntry?> FindByTrackingIdAsync(string trackingId, CancellationToken cancellationToken) =>
        db.CsafDistribution.Local.FirstOrDefault(e => e.TrackingId == trackingId) is { } added
            ? Task.FromResult<CsafDistributionEntry?>(added)
            : db.CsafDistribution.FirstOrDefaultAsync(e => e.TrackingId == trackingId, cancellationToken);

    public Task<CsafDistributionEntry?> FindPublicAsync(string path, DateTimeOffset at, CancellationToken cancellationToken) =>
        db.CsafDistribution.AsNoTracking().FirstOrDefaultAsync(e => e.Path == path && e.InitialReleaseDate <= at, cancellationToken);

    public void Add(CsafDistributionEntry entry) => db.CsafDistribution.Add(entry);

    public async Task<IReadOnlyList<CsafDistributionEntry>> ListPublicAsync(
        DateTimeOffset at, CsafDistributionCursor? after, int limit, CancellationToken cancellationToken)
    {
        var query = db.CsafDistribution.AsNoTracking().Where(e => e.InitialReleaseDate <= at);
        if (after is not null)
        {
            // Newest first, then by path: the next page starts strictly after the last row of the previous one.
            query = query.Where(e => e.CurrentReleaseDate < after.CurrentReleaseDate
                                     || (e.CurrentReleaseDate == after.CurrentReleaseDate && string.Compare(e.Path, after.Path) > 0));
        }

        return await query.OrderByDescending(e => e.CurrentReleaseDate).ThenBy(e => e.Path).Take(limit).ToListAsync(cancellationToken);
    }

    public async Task<CsafDistributionState> StateAsync(DateTimeOffset at, CancellationToken cancellationToken)
    {
        var visible = db.CsafDistribution.AsNoTracking().Where(e => e.InitialReleaseDate <= at);
        var count = await visible.CountAsync(cancellationToken);
        var last = count == 0 ? (DateTimeOffset?)null : await visible.MaxAsync(e => (DateTimeOffset?)e.CurrentReleaseDate, cancellationToken);
        return new CsafDistributionState(count, last);
    }
}
