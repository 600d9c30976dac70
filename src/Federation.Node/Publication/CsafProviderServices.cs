using Federation.Core.Publication;
using Federation.Node.Hosting;
using Federation.Node.Options;
using Microsoft.Extensions.Options;

namespace Federation.Node.Publication;

/// <summary>The CSAF provider's wiring: where it is served, the signing key, the distribution and the participant's advisory.</summary>
public static class CsafProviderServices
{
    public static IServiceCollection AddCsafProvider(this IServiceCollection services)
    {
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<PublicationOptions>>().Value.LocationFor(sp.GetRequiredService<AdvisoryPublisher>()));
        services.AddSingleton(sp => OpenPgpKeyFile.LoadOrCreate(
            sp.GetRequiredService<IOptions<PublicationOptions>>().Value,
            sp.GetRequiredService<NodeRuntime>().DataDirectory,
            sp.GetRequiredService<AdvisoryPublisher>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger("Federation.Node.Publication"),
            sp.GetRequiredService<NodeRuntime>().IsDevelopmentIdentity));
        services.AddSingleton<IAdvisorySigner>(sp => sp.GetRequiredService<OpenPgpSigner>());
        services.AddScoped<CsafDistributor>();
        services.AddScoped<CsafDirectory>();
        services.AddScoped<ParticipantAdvisoryService>();
        services.AddSingleton<Public.Csaf.CsafListingCache>();
        return services;
    }
}
