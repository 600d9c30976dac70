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
/// the CPU spent per embargo signal. Each keeps the unit of work's connection open (see
/// <see cref="FederationDbContext.KeepOpen"/>).
/// </summary>
internal static class CompiledQueries
{
    private static readonly Func<FederationDbContext, string, CancellationToken, Task<Case?>> _caseById =
        EF.CompileAsyncQuery((FederationDbContext db, string id, CancellationToken _) => db.Cases.FirstOrDefault(c => c.Id == id));

    private static readonly Func<FederationDbContext, string, IAsyncEnumerable<CaseShare>> _sharesOfCase =
        EF.CompileAsyncQuery<FederationDbContext, string, CaseShare>((db, caseId) => db.CaseShares.Where(s => s.CaseId == caseId).OrderBy(s => s.Partner));

    private static readonly Func<FederationDbContext, string, CancellationToken, Task<InboxEntry?>> _inboxEntryById =
        EF.CompileAsyncQuery((FederationDbContext db, string messageId, CancellationToken _) => db.Inbox.AsNoTracking().FirstOrDefault(e => e.MessageId == messageId));

    private static readonly Func<FederationDbContext, string, CancellationToken, Task<ReceivedSummary?>> _summaryByCase =
        EF.CompileAsyncQuery((FederationDbContext db, string caseId, CancellationToken _) => db.ReceivedSummaries.FirstOrDefault(s => s.CaseId == caseId));

    private static readonly Func<FederationDbContext, string, IAsyncEnumerable<EmbargoSignalRecord>> _signalsOfCase =
        EF.CompileAsyncQuery((FederationDbContext db, string caseId) => db.EmbargoSignals.AsNoTracking().Where(s => s.CaseId == caseId));

    private static readonly Func<FederationDbContext, string, CancellationToken, Task<bool>> _hasSignal =
        EF.CompileAsyncQuery((FederationDbContext db, string signalId, CancellationToken _) => db.EmbargoSignals.Any(s => s.SignalId == signalId));

    private static readonly Func<FederationDbContext, string, CancellationToken, Task<EmbargoContextRecord?>> _contextByCase =
        EF.CompileAsyncQuery((FederationDbContext db, string caseId, CancellationToken _) => db.EmbargoContexts.FirstOrDefault(c => c.CaseId == caseId));

    private static readonly Func<FederationDbContext, DateTimeOffset, int, IAsyncEnumerable<OutboxMessage>> _dueMessages =
        EF.CompileAsyncQuery((FederationDbContext db, DateTimeOffset now, int limit) =>
            db.Outbox.Where(m => m.State == DeliveryState.Pending && m.NextAttemptAt <= now).OrderBy(m => m.NextAttemptAt).Take(limit));

    public static Task<Case?> CaseById(FederationDbContext db, string key, CancellationToken cancellationToken)
    {
        db.KeepOpen();
        return _caseById(db, key, cancellationToken);
    }

    public static IAsyncEnumerable<CaseShare> SharesOfCase(FederationDbContext db, string key)
    {
        db.KeepOpen();
        return _sharesOfCase(db, key);
    }

    public static Task<InboxEntry?> InboxEntryById(FederationDbContext db, string key, CancellationToken cancellationToken)
    {
        db.KeepOpen();
        return _inboxEntryById(db, key, cancellationToken);
    }

    public static Task<ReceivedSummary?> SummaryByCase(FederationDbContext db, string key, CancellationToken cancellationToken)
    {
        db.KeepOpen();
        return _summaryByCase(db, key, cancellationToken);
    }

    public static IAsyncEnumerable<EmbargoSignalRecord> SignalsOfCase(FederationDbContext db, string key)
    {
        db.KeepOpen();
        return _signalsOfCase(db, key);
    }

    public static Task<bool> HasSignal(FederationDbContext db, string key, CancellationToken cancellationToken)
    {
        db.KeepOpen();
        return _hasSignal(db, key, cancellationToken);
    }

    public static Task<EmbargoContextRecord?> ContextByCase(FederationDbContext db, string key, CancellationToken cancellationToken)
    {
        db.KeepOpen();
        return _contextByCase(db, key, cancellationToken);
    }

    public static IAsyncEnumerable<OutboxMessage> DueMessages(FederationDbContext db, DateTimeOffset now, int limit)
    {
        db.KeepOpen();
        return _dueMessages(db, now, limit);
    }

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
