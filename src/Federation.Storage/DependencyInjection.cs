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
    /// <summary>The EF Core stores on SQLite.</summary>
    /// <param name="services">The node's services.</param>
    /// <param name="sqliteConnectionString">Where the database is.</param>
    /// <param name="maxStoreBytes">The largest the store may grow (null: as far as the disk allows).</param>
    public static IServiceCollection AddFederationStorage(this IServiceCollection services, string sqliteConnectionString, long? maxStoreBytes = null)
    {
        services.AddPooledDbContextFactory<FederationDbContext>(o =>
        {
            o.UseSqlite(sqliteConnectionString);
            if (maxStoreBytes is { } cap)
            {
                o.AddInterceptors(new StoreSizeLimit(cap));
            }
        });
        services.AddScoped(sp => OpenForScope(sp.GetRequiredService<IDbContextFactory<FederationDbContext>>().CreateDbContext()));
        services.AddScoped<ICaseStore, EfCaseStore>();
        services.AddScoped<IOutbox, EfOutbox>();
        services.AddScoped<IInbox, EfInbox>();
        services.AddScoped<IAuditLog, EfAuditLog>();
        services.AddScoped<IUnitOfWork, EfUnitOfWork>();
        services.AddScoped<ITreatyStore, EfTreatyStore>();
        services.AddScoped<Federation.Core.Embargoes.IEmbargoStore, EfEmbargoStore>();
        services.AddScoped<Federation.Core.Deadlines.ICaseReportStore, EfCaseReportStore>();
        services.AddSingleton<PeerEndpointStore>();
        services.AddSingleton<StorageInitializer>();
        return services;
    }

    /// <summary>
    /// Opens the connection once for the whole scope (a request, a batch): EF Core otherwise opens and
    /// closes it around every query, and each open registers EF's SQL functions on the connection again.
    /// The pool closes it when the scope hands the context back. If opening fails here, the context
    /// stays closed and the first query reports the failure through the usual error translation.
    /// </summary>
    private static FederationDbContext OpenForScope(FederationDbContext db)
    {
        try
        {
            db.Database.OpenConnection();
        }
        catch (Microsoft.Data.Sqlite.SqliteException)
        {
            // Reported by the first query, where the caller maps it to a gRPC status.
        }

        return db;
    }
}
