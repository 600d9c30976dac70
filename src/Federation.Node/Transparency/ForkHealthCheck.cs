using Federation.Core.Transparency;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Federation.Node.Transparency;

/// <summary>
/// Degraded while a fork found in a partner's log is open: the event and the error log say so once, when it is found,
/// and an operator who missed both (nobody following the events, a restart right after) still sees it here until
/// someone has looked at the evidence and cleared it (<c>fedctl audit forks</c>).
/// </summary>
public sealed class ForkHealthCheck(IServiceScopeFactory scopes) : IHealthCheck
{
    private const int Shown = 10;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        IReadOnlyList<LogFork> open;
        try
        {
            open = await scope.ServiceProvider.GetRequiredService<ILogForkStore>().AllOpenAsync(Shown + 1, cancellationToken);
        }
        catch (Federation.Core.FederationException ex)
        {
            // The store check reports the store itself; this one says only that forks could not be looked at.
            return HealthCheckResult.Degraded($"open forks could not be read: {ex.Message}");
        }

        if (open.Count == 0)
        {
            return HealthCheckResult.Healthy();
        }

        var listed = string.Join("; ", open.Take(Shown).Select(f => $"{f.Log} forked ({f.Reason}), found {f.DetectedAt:yyyy-MM-dd'T'HH:mm'Z'}"));
        return HealthCheckResult.Degraded($"open fork(s) in partners' transparency logs, not cosigned until cleared (fedctl audit forks list): {listed}{(open.Count > Shown ? "; and more" : string.Empty)}");
    }
}
