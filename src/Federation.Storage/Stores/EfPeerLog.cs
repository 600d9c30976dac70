using Federation.Core.CatchUp;
using Federation.Core.Delivery;
using Microsoft.EntityFrameworkCore;

namespace Federation.Storage.Stores;

internal sealed class EfPeerLog(FederationDbContext db) : IPeerLog
{
    public async Task<IReadOnlyList<PeerLogItem>> ReadAsync(string recipient, long afterSequence, int limit, CancellationToken cancellationToken) =>
        await (from line in db.PeerLog.AsNoTracking()
               where line.Recipient == recipient && line.Sequence > afterSequence
               join message in db.Outbox.AsNoTracking() on line.MessageId equals message.Id
               where message.State != DeliveryState.Delivered
               orderby line.Sequence
               select new PeerLogItem(line.Sequence, message.Id, message.Envelope, message.CreatedAt))
            .Take(limit)
            .ToListAsync(cancellationToken);

    public async Task<long> HighWaterAsync(string recipient, CancellationToken cancellationToken) =>
        await db.PeerLog.Where(l => l.Recipient == recipient).MaxAsync(l => (long?)l.Sequence, cancellationToken) ?? 0;

    public async Task<CatchUpCursor> CursorAsync(string partner, CancellationToken cancellationToken)
    {
        if (await db.CatchUpCursors.FindAsync([partner], cancellationToken) is { } cursor)
        {
            return cursor;
        }

        cursor = new CatchUpCursor(partner);
        db.CatchUpCursors.Add(cursor);
        return cursor;
    }

    public async Task<IReadOnlyList<CatchUpCursor>> ListCursorsAsync(CancellationToken cancellationToken) =>
        await db.CatchUpCursors.AsNoTracking().ToListAsync(cancellationToken);

    // Oldest first, in bounded batches, so each pass is one short write.
    public Task<int> PruneHeldAsync(int max, CancellationToken cancellationToken) =>
        db.PeerLog
            .Where(l => db.Outbox.Any(m => m.Id == l.MessageId && m.State == DeliveryState.Delivered)
                        || db.CatchUpCursors.Any(c => c.Partner == l.Recipient && c.PartnerHoldsThrough >= l.Sequence))
            .OrderBy(l => l.Sequence)
            .Take(max)
            .ExecuteDeleteAsync(cancellationToken);
}
