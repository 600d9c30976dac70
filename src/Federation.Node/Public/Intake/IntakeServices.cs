using Federation.Core.Intake;
using Federation.Node.Hosting;
using Federation.Node.Options;
using Microsoft.Extensions.Options;

namespace Federation.Node.Public.Intake;

/// <summary>The intake's services: the domain service, and the policy read once from the checked settings.</summary>
public static class IntakeServices
{
    public static IServiceCollection AddFederationIntake(this IServiceCollection services)
    {
        services.AddSingleton(sp => IntakePolicyFactory.Create(
            sp.GetRequiredService<IOptions<IntakeOptions>>().Value,
            sp.GetRequiredService<NodeRuntime>().IsDevelopmentIdentity,
            sp.GetRequiredService<ILoggerFactory>().CreateLogger("Federation.Node.Intake")));
        services.AddScoped<IntakeService>();
        services.AddSingleton<IntakeBatcher>();
        services.Configure<Microsoft.AspNetCore.RateLimiting.RateLimiterOptions>(o => o.AddPolicy<string, IntakeRateLimit>(IntakeRateLimit.PolicyName));
        return services;
    }
}
