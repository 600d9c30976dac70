using Federation.Core.Audit;
using Federation.Node.Hosting;
using Federation.Node.Options;
using Microsoft.Extensions.Options;

namespace Federation.Node.Security;

/// <summary>
/// Looks at the partners' CRL files every <see cref="RevocationOptions.ReloadInterval"/> and loads the ones that
/// changed, so a revocation takes effect without a restart; each list loaded, refused or gone stale is audited.
/// Polling rather than a file watcher: CRLs are often replaced by a copy over a network share or a rename, which
/// watchers report unreliably, and the cost of reading a few small files is nothing.
/// </summary>
public sealed class RevocationReloader(
    PartnerRevocation revocation, IOptions<RevocationOptions> options, IServiceScopeFactory scopes, TimeProvider timeProvider, ILogger<RevocationReloader> logger)
    : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (revocation.Sources.Count == 0)
        {
            return Task.CompletedTask;
        }

        return ResilientLoop.RunAsync("revocation-reload", async cancellationToken =>
        {
            await Task.Delay(options.Value.ReloadInterval, timeProvider, cancellationToken);
            var changes = revocation.Reload(timeProvider.GetUtcNow());
            if (changes.Count == 0)
            {
                return;
            }

            await using var scope = scopes.CreateAsyncScope();
            var audit = scope.ServiceProvider.GetRequiredService<IAuditLog>();
            foreach (var change in changes)
            {
                await audit.AppendNowAsync(AuditEntry.Create(timeProvider, change.Kind, "system:revocation", change.Partner.Value,
                    change.Kind == AuditKinds.RevocationListLoaded ? "ok" : "warning", change.Detail), cancellationToken);
            }
        }, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1), timeProvider, logger, stoppingToken);
    }
}
