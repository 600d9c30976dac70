using Federation.Core.Embargoes;

namespace Federation.Storage.Stores;

internal sealed class EfEmbargoStore(FederationDbContext db) : IEmbargoStore
{
    public async Task<IReadOnlyList<EmbargoSignalRecord>> ListSignalsAsync(string caseId, CancellationToken cancellationToken) =>
        await CompiledQueries.SignalsOfCase(db, caseId).ToListAsync(cancellationToken);

    public Task<bool> HasSignalAsync(string signalId, CancellationToken cancellationToken) => CompiledQueries.HasSignal(db, signalId, cancellationToken);

    public void AddSignal(EmbargoSignalRecord signal) => db.EmbargoSignals.Add(signal);

    public Task<EmbargoContextRecord?> FindContextAsync(string caseId, CancellationToken cancellationToken) =>
        CompiledQueries.ContextByCase(db, caseId, cancellationToken);

    public void AddContext(EmbargoContextRecord context) => db.EmbargoContexts.Add(context);
}
