using Federation.Core.Abstractions;
using Federation.Core.Inbox;
using Microsoft.EntityFrameworkCore;

namespace Federation.Storage.Stores;

internal sealed class EfQuarantine(FederationDbContext db) : IQuarantine
{
    // Not tracked: an operator's call reads it, the inbox writer (another context) may change it, and a second
    // read must see that; Remove attaches it again by its key.
    public Task<QuarantinedEnvelope?> FindAsync(string messageId, CancellationToken cancellationToken) =>
        db.Quarantine.AsNoTracking().FirstOrDefaultAsync(e => e.MessageId == messageId, cancellationToken);

    public async Task<IReadOnlyDictionary<string, QuarantinedEnvelope>> FindManyAsync(IReadOnlyCollection<string> messageIds, CancellationToken cancellationToken)
    {
        // One array parameter, as in EfInbox.ByKeyAsync (the inbox writer passes a set).
        string[] ids = [.. messageIds];
        return await db.Quarantine.Where(e => EF.Parameter(ids).Contains(e.MessageId)).ToDictionaryAsync(e => e.MessageId, StringComparer.Ordinal, cancellationToken);
    }

    public void Add(QuarantinedEnvelope envelope) => db.Quarantine.Add(envelope);

    public void Remove(QuarantinedEnvelope envelope) => db.Quarantine.Remove(envelope);

    public async Task<Page<QuarantinedEnvelope>> ListAsync(PageRequest page, CancellationToken cancellationToken)
    {
        var query = db.Quarantine.AsNoTracking();
        if (KeysetCursor.Parse(page.After) is { } after)
        {
            query = query.Where(e => e.QuarantinedAt < after.At || (e.QuarantinedAt == after.At && string.Compare(e.MessageId, after.Id) < 0));
        }

        var fetched = await query.OrderByDescending(e => e.QuarantinedAt).ThenByDescending(e => e.MessageId).Take(page.Size + 1).ToListAsync(cancellationToken);
        return Page<QuarantinedEnvelope>.FromOverfetch(fetched, page, e => new KeysetCursor(e.QuarantinedAt, e.MessageId).ToString());
    }
}
