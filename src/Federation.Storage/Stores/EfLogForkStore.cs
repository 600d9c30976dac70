using System.Globalization;
using Federation.Core;
using Federation.Core.Abstractions;
using Federation.Core.Transparency;
using Federation.Storage.Configurations;
using Microsoft.EntityFrameworkCore;

namespace Federation.Storage.Stores;

internal sealed class EfLogForkStore(FederationDbContext db) : ILogForkStore
{
    public async Task<Page<LogFork>> ListAsync(PageRequest page, CancellationToken cancellationToken)
    {
        var query = db.LogForks.AsNoTracking();
        if (page.After is not null)
        {
            if (!long.TryParse(page.After, NumberStyles.None, CultureInfo.InvariantCulture, out var after))
            {
                throw new FederationException(ErrorCode.InvalidArgument, "The page token does not belong to this list.", "page_token");
            }

            query = query.Where(f => f.Id < after);
        }

        var fetched = await query.OrderByDescending(f => f.Id).Take(page.Size + 1).ToListAsync(cancellationToken);
        return Page<LogFork>.FromOverfetch(fetched, page, f => f.Id.ToString(CultureInfo.InvariantCulture));
    }

    public async Task<IReadOnlyList<LogFork>> OpenAsync(string log, CancellationToken cancellationToken) =>
        await db.LogForks.Where(f => f.Log == log && f.ClearedAt == null).OrderBy(f => f.Id).ToListAsync(cancellationToken);

    public async Task<IReadOnlyList<LogFork>> AllOpenAsync(int limit, CancellationToken cancellationToken) =>
        await db.LogForks.AsNoTracking().Where(f => f.ClearedAt == null).OrderBy(f => f.Id).Take(limit).ToListAsync(cancellationToken);

    public void Add(LogFork fork) => db.LogForks.Add(fork);

    public async Task ClearAsync(LogFork fork, string operatorName, string reason, DateTimeOffset at, CancellationToken cancellationToken)
    {
        fork.Clear(operatorName, reason, at);
        // No checkpoint of a forked log is kept while the fork is open (the witness stops at it), so the largest row
        // now is the last one of the history the operator set aside.
        var last = await db.Checkpoints.Where(c => c.Log == fork.Log).MaxAsync(c => (long?)c.Id, cancellationToken) ?? 0;
        db.Entry(fork).Property<long?>(LogForkConfiguration.ResumeAfter).CurrentValue = last;
    }
}
