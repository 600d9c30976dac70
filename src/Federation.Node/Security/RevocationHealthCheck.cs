using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Federation.Node.Security;

/// <summary>
/// Degraded while a partner's revocation list is past its next update or its file could not be used: under the
/// default fail-closed policy that partner is refused until a fresh list arrives, and operators must see why.
/// </summary>
public sealed class RevocationHealthCheck(PartnerRevocation revocation, TimeProvider timeProvider) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var now = timeProvider.GetUtcNow();
        var problems = new List<string>();
        foreach (var source in revocation.Sources)
        {
            if (source.Current.NextUpdate is { } next && now > next)
            {
                problems.Add($"the revocation list of {source.Jurisdiction} is stale since {next:yyyy-MM-dd'T'HH:mm'Z'} ({source.Where})");
            }

            if (source.LastProblem is { } problem)
            {
                problems.Add($"the revocation list of {source.Jurisdiction} at {source.Path} was refused: {problem}");
            }
        }

        foreach (var (partner, problem) in revocation.FetchProblems)
        {
            problems.Add($"the revocation list fetched from {partner} was refused: {problem}");
        }

        return Task.FromResult(problems.Count == 0 ? HealthCheckResult.Healthy() : HealthCheckResult.Degraded(string.Join("; ", problems)));
    }
}
