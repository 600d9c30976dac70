using Federation.Core.Publication;
using Microsoft.EntityFrameworkCore;

namespace Federation.Storage.Stores;

internal sealed class EfPublicationStore(FederationDbContext db) : IPublicationStore
{
    public Task<PublishedAdvisory?> FindAdvisoryByCaseAsync(string caseId, CancellationToken cancellationToken) =>
        db.PublishedAdvisories.FirstOrDefaultAsync(a => a.CaseId == caseId, cancellationToken);

    public Task<PublishedAdvisory?> FindAdvisoryAsync(string trackingId, CancellationToken cancellationToken) =>
        db.PublishedAdvisories.AsNoTracking().FirstOrDefaultAsync(a => a.TrackingId == trackingId, cancellationToken);

    public void AddAdvisory(PublishedAdvisory advisory) => db.PublishedAdvisories.Add(advisory);

    public Task<ReceivedPublication?> FindReceivedAsync(string caseId, CancellationToken cancellationToken) =>
        // One added earlier in the same unit of work (two signals about one case in one inbox batch) is not in the table yet.
        db.ReceivedPublications.Local.FirstOrDefault(p => p.CaseId == caseId) is { } added
            ? Task.FromResult<ReceivedPublication?>(added)
            : db.ReceivedPublications.FirstOrDefaultAsync(p => p.CaseId == caseId, cancellationToken);

    public Task<ReceivedPublication?> FindReceivedByTrackingIdAsync(string trackingId, CancellationToken cancellationToken) =>
        db.ReceivedPublications.AsNoTracking().FirstOrDefaultAsync(p => p.TrackingId == trackingId, cancellationToken);

    public void AddReceived(ReceivedPublication publication) => db.ReceivedPublications.Add(publication);

    public async Task<IReadOnlyList<PublishedAdvisory>> ListAdvisoriesAsync(DateTimeOffset at, CancellationToken cancellationToken) =>
        await db.PublishedAdvisories.AsNoTracking().Where(a => a.PublishedAt <= at).ToListAsync(cancellationToken);

    public async Task<IReadOnlyList<ReceivedPublication>> ListReceivedAsync(DateTimeOffset at, CancellationToken cancellationToken) =>
        await db.ReceivedPublications.AsNoTracking().Where(p => p.PublishedAt <= at).ToListAsync(cancellationToken);
}
