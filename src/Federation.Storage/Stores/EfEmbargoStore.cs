using Federation.Core.Embargoes;

namespace Federation.Storage.Stores;

internal sealed class EfEmbargoStore(FederationDbContext db) : IEmbargoStore
{
    public async Task<IReadOnlyList<EmbargoSignalRecord>> ListSignalsAsync(string caseId, CancellationToken cancellationToken) =>
        await CompiledQueries.SignalsOfCase(db, caseId).ToListAsync(cancellationToken);

    public Task<bool> HasSignalAsync(string signalId, CancellationToken cancellationToken) => CompiledQueries.HasSignal(db, signalId, cancellationToken);

    public void AddSignal(EmbargoSignalRecord signal) => db.EmbargoSignals.Add(signal);

    public Task<EmbargoContextRecord?> FindContextAsync(string caseId, CancellationToken cancellationToken) =>
        // A context added earlier in the same unit of work (two first signals in one inbox batch) is not in the table yet.
        db.EmbargoContexts.Local.FirstOrDefault(c => c.CaseId == caseId) is { } added
            ? Task.FromResult<EmbargoContextRecord?>(added)
            : CompiledQueries.ContextByCase(db, caseId, cancellationToken);

    public void AddContext(EmbargoContextRecord context) => db.EmbargoContexts.Add(context);
}
