using Federation.Core.Abstractions;
using Federation.Core.Audit;
using Federation.Core.Cases;
using Federation.Core.Delivery;
using Federation.Core.Inbox;
using Federation.Core.Treaties;
using Federation.Storage.Stores;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Federation.Storage;

public static class DependencyInjection
{
    // Stateless: one instance serves every context of every store in the process.
    private static readonly SecureDelete SecureDeleteInterceptor = new();
    private static readonly MemoryMappedReads MemoryMappedReadsInterceptor = new();
    private static readonly BusyWait BusyWaitInterceptor = new();

    /// <summary>The EF Core stores on SQLite.</summary>
    /// <param name="services">The node's services.</param>
    /// <param name="sqliteConnectionString">Where the database is.</param>
    /// <param name="maxStoreBytes">The largest the store may grow (null: as far as the disk allows).</param>
    public static IServiceCollection AddFederationStorage(this IServiceCollection services, string sqliteConnectionString, long? maxStoreBytes = null) =>
        services.AddFederationStorage(_ => new StoreLocation(sqliteConnectionString, maxStoreBytes));

    /// <summary>The EF Core stores on SQLite, at a location known only once the host's services exist (the node's checked settings).</summary>
    public static IServiceCollection AddFederationStorage(this IServiceCollection services, Func<IServiceProvider, StoreLocation> location)
    {
        services.AddPooledDbContextFactory<FederationDbContext>((sp, o) =>
        {
            var store = location(sp);
            o.UseSqlite(store.ConnectionString);
            // Every connection, so that whatever deletes or rewrites content zeroes what it frees.
            o.AddInterceptors(SecureDeleteInterceptor);
            // Proofs from the log read one random page per tree level: mapped, not read call by call.
            o.AddInterceptors(MemoryMappedReadsInterceptor);
            // A writer that meets another waits inside SQLite, not in the driver's 150 ms sleeps.
            o.AddInterceptors(BusyWaitInterceptor);
            // ... and a writer of this store that meets another of the same store waits in memory, woken at its commit.
            o.AddInterceptors(sp.GetRequiredService<StoreWriteGate>());
            if (store.MaxBytes is { } cap)
            {
                o.AddInterceptors(new StoreSizeLimit(cap));
            }

            // The load tool's baseline node: carried by the options, where every context of the pool finds it.
            if (sp.GetService<Transparency.MerkleLogOffForBaseline>() is { } logOff)
            {
                o.AddInterceptors(logOff);
            }
        });
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<FederationDbContext>>().CreateDbContext());
        services.AddScoped<ICaseStore, EfCaseStore>();
        services.AddScoped<IOutbox, EfOutbox>();
        services.AddScoped<Federation.Core.CatchUp.IPeerLog, EfPeerLog>();
        services.AddScoped<IInbox, EfInbox>();
        services.AddScoped<IQuarantine, EfQuarantine>();
        services.AddScoped<IAuditLog, EfAuditLog>();
        services.AddScoped<Federation.Core.Transparency.ITransparencyLog, EfTransparencyLog>();
        services.AddScoped<Federation.Core.Transparency.ICheckpointStore, EfCheckpointStore>();
        services.AddScoped<Federation.Core.Transparency.ILogForkStore, EfLogForkStore>();
        services.AddScoped<Federation.Core.Transparency.IConsistencyRefusalStore, EfConsistencyRefusalStore>();
        services.AddScoped<IUnitOfWork, EfUnitOfWork>();
        services.AddScoped<ITreatyStore, EfTreatyStore>();
        services.AddScoped<Federation.Core.Embargoes.IEmbargoStore, EfEmbargoStore>();
        services.AddScoped<Federation.Core.Deadlines.ICaseReportStore, EfCaseReportStore>();
        services.AddScoped<Federation.Core.Publication.IPublicationStore, EfPublicationStore>();
        services.AddScoped<Federation.Core.Dashboard.IDashboardSource, EfDashboardSource>();
        services.AddScoped<Federation.Core.Intake.IIntakeStore, EfIntakeStore>();
        services.AddScoped<Federation.Core.Publication.ICsafDistributionStore, EfCsafDistributionStore>();
        services.AddScoped<Federation.Core.Peers.IPeerSuspensionStore, EfPeerSuspensionStore>();
        services.AddSingleton<StoreWriteGate>();
        services.AddSingleton<PeerEndpointStore>();
        services.AddSingleton<StorageInitializer>();
        services.AddSingleton<StoreErasure>();
        services.AddSingleton(Errors.StoreErrorClassifiers.Sqlite);
        services.AddSingleton<Errors.StoreErrorTranslator>();
        return services;
    }
}
