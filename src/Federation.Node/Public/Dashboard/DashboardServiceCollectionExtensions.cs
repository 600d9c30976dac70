using Federation.Core.Dashboard;
using Microsoft.Extensions.Options;

namespace Federation.Node.Public.Dashboard;

/// <summary>The dashboard's services: options, the snapshot, its rebuild and the background refresher.</summary>
public static class DashboardServiceCollectionExtensions
{
    public static IServiceCollection AddFederationDashboard(this IServiceCollection services)
    {
        services.AddOptions<DashboardOptions>().BindConfiguration(DashboardOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DashboardOptions>, DashboardOptionsValidator>();
        services.AddSingleton<DashboardSnapshots>();
        services.AddScoped<DashboardRebuilder>();
        services.AddSingleton<DashboardFeedCache>();
        services.AddSingleton<DashboardHtmlCache>();
        services.AddSingleton<DashboardRefresher>();
        services.AddHostedService(sp => sp.GetRequiredService<DashboardRefresher>());
        return services;
    }
}
