using Federation.Core.Cases;
using Federation.Core.Delivery;
using Federation.Core.Embargoes;
using Federation.Core.Inbox;
using Microsoft.EntityFrameworkCore;

namespace Federation.Storage.Stores;

/// <summary>
/// The lookups on the hot paths (receiving an envelope, sending an embargo signal, dispatching the
/// outbox), compiled once: EF otherwise walks the expression tree, extracts parameters and looks up
/// its query cache on every call, which a profile of ten nodes on two cores showed as a tenth of
/// the CPU spent per embargo signal.
/// </summary>
internal static class CompiledQueries
{
    public static readonly Func<FederationDbContext, string, CancellationToken, Task<Case?>> CaseById =
        EF.CompileAsyncQuery((FederationDbContext db, string id, CancellationToken _) => db.Cases.FirstOrDefault(c => c.Id == id));

    public static readonly Func<FederationDbContext, string, IAsyncEnumerable<CaseShare>> SharesOfCase =
        EF.CompileAsyncQuery<FederationDbContext, string, CaseShare>((db, caseId) => db.CaseShares.Where(s => s.CaseId == caseId).OrderBy(s => s.Partner));

    public static readonly Func<FederationDbContext, string, CancellationToken, Task<InboxEntry?>> InboxEntryById =
        EF.CompileAsyncQuery((FederationDbContext db, string messageId, CancellationToken _) => db.Inbox.AsNoTracking().FirstOrDefault(e => e.MessageId == messageId));

    public static readonly Func<FederationDbContext, string, CancellationToken, Task<ReceivedSummary?>> SummaryByCase =
        EF.CompileAsyncQuery((FederationDbContext db, string caseId, CancellationToken _) => db.ReceivedSummaries.FirstOrDefault(s => s.CaseId == caseId));

    public static readonly Func<FederationDbContext, string, IAsyncEnumerable<EmbargoSignalRecord>> SignalsOfCase =
        EF.CompileAsyncQuery((FederationDbContext db, string caseId) => db.EmbargoSignals.AsNoTracking().Where(s => s.CaseId == caseId));

    public static readonly Func<FederationDbContext, string, CancellationToken, Task<bool>> HasSignal =
        EF.CompileAsyncQuery((FederationDbContext db, string signalId, CancellationToken _) => db.EmbargoSignals.Any(s => s.SignalId == signalId));

    public static readonly Func<FederationDbContext, string, CancellationToken, Task<EmbargoContextRecord?>> ContextByCase =
        EF.CompileAsyncQuery((FederationDbContext db, string caseId, CancellationToken _) => db.EmbargoContexts.FirstOrDefault(c => c.CaseId == caseId));

    public static readonly Func<FederationDbContext, DateTimeOffset, int, IAsyncEnumerable<OutboxMessage>> DueMessages =
        EF.CompileAsyncQuery((FederationDbContext db, DateTimeOffset now, int limit) =>
            db.Outbox.Where(m => m.State == DeliveryState.Pending && m.NextAttemptAt <= now).OrderBy(m => m.NextAttemptAt).Take(limit));

    public static async Task<List<T>> ToListAsync<T>(this IAsyncEnumerable<T> source, CancellationToken cancellationToken)
    {
        var list = new List<T>();
        await foreach (var item in source.WithCancellation(cancellationToken))
        {
            list.Add(item);
        }

        return list;
    }
}
