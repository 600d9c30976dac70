using Federation.Core.Peers;
using Microsoft.EntityFrameworkCore;

namespace Federation.Storage.Stores;

internal sealed class EfPeerSuspensionStore(FederationDbContext db) : IPeerSuspensionStore
{
    public async Task<IReadOnlyList<PeerSuspension>> ListAsync(CancellationToken cancellationToken) =>
        await db.PeerSuspensions.AsNoTracking().OrderBy(s => s.Jurisdiction).ToListAsync(cancellationToken);

    public Task<PeerSuspension?> FindAsync(string jurisdiction, CancellationToken cancellationToken) =>
        db.PeerSuspensions.FirstOrDefaultAsync(s => s.Jurisdiction == jurisdiction, cancellationToken);

    public void Add(PeerSuspension suspension) => db.PeerSuspensions.Add(suspension);

    public void Remove(PeerSuspension suspension) => db.PeerSuspensions.Remove(suspension);
}
