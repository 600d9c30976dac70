using Federation.Core.Delivery;
using Microsoft.EntityFrameworkCore;

namespace Federation.Storage.Stores;

internal sealed class EfOutbox(FederationDbContext db) : IOutbox
{
    public void Enqueue(OutboxMessage message) => db.Outbox.Add(message);

    public async Task<IReadOnlyList<OutboxMessage>> DueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken) =>
        await CompiledQueries.DueMessages(db, now, limit).ToListAsync(cancellationToken);

    public async Task<IReadOnlyList<OutboxMessage>> ListAsync(string? caseId, int limit, CancellationToken cancellationToken)
    {
        var query = db.Outbox.AsNoTracking();
        if (caseId is not null)
        {
            query = query.Where(m => m.CaseId == caseId);
        }

        return await query.OrderByDescending(m => m.CreatedAt).Take(limit).ToListAsync(cancellationToken);
    }

    public async Task<DateTimeOffset?> NextDueAtAsync(CancellationToken cancellationToken) =>
        await db.Outbox.Where(m => m.State == DeliveryState.Pending)
            .OrderBy(m => m.NextAttemptAt)
            .Select(m => (DateTimeOffset?)m.NextAttemptAt)
            .FirstOrDefaultAsync(cancellationToken);

    public Task<int> PendingCountAsync(string recipient, CancellationToken cancellationToken) =>
        db.Outbox.CountAsync(m => m.Recipient == recipient && m.State == DeliveryState.Pending, cancellationToken);
}
