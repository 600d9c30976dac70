using Federation.Core.Abstractions;

namespace Federation.Storage.Stores;

internal sealed class EfUnitOfWork(FederationDbContext db) : IUnitOfWork
{
    public Task SaveChangesAsync(CancellationToken cancellationToken) => db.SaveChangesAsync(cancellationToken);

    public void Discard() => db.ChangeTracker.Clear();
}
