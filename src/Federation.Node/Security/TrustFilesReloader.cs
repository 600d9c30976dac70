using Federation.Core.Audit;
using Federation.Node.Hosting;
using Federation.Node.Options;
using Microsoft.Extensions.Options;

namespace Federation.Node.Security;

/// <summary>
/// Looks at the files trust is made of, so that changing them needs no restart: the partners' CRLs every
/// <see cref="RevocationOptions.ReloadInterval"/> (<see cref="PartnerRevocation"/>), the lists partners publish every
/// <see cref="RevocationOptions.FetchInterval"/> (<see cref="RevocationListFetcher"/>), and this node's certificate and key
/// every <see cref="PeerListenerOptions.CertificateReloadInterval"/> (<see cref="NodeIdentity"/>). Each change, taken or
/// refused, is audited; a rotated identity signs a checkpoint of the log with its new key at once. Polling rather than
/// a file watcher: such files are often replaced by a copy over a network
/// share or a rename, which watchers report unreliably, and reading a few small files costs nothing.
/// </summary>
public sealed class TrustFilesReloader(
    PartnerRevocation revocation, RevocationListFetcher fetcher, NodeIdentity identity, IOptions<RevocationOptions> revocationOptions, IOptions<PeerListenerOptions> peerOptions,
    IServiceScopeFactory scopes, TimeProvider timeProvider, ILogger<TrustFilesReloader> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var loops = new List<Task>();
        if (revocation.IsConfigured)
        {
            // Files are read, and every list (fetched ones too) looked at for staleness.
            loops.Add(Loop("revocation-reload", revocationOptions.Value.ReloadInterval, _ => Task.FromResult(revocation.Reload(timeProvider.GetUtcNow())), "system:revocation", stoppingToken));
        }

        if (revocation.FetchedPartners.Count > 0)
        {
            // Its own loop, whether or not any file is configured: a partner's list may only ever be fetched.
            loops.Add(Loop("revocation-fetch", revocationOptions.Value.FetchInterval, fetcher.FetchAllAsync, "system:revocation-fetch", stoppingToken, firstAtOnce: true));
        }

        if (identity.CanRotate)
        {
            loops.Add(Loop("identity-reload", peerOptions.Value.CertificateReloadInterval,
                _ => Task.FromResult<IReadOnlyList<TrustChange>>(identity.Reload() is { } change ? [change] : []), "system:identity", stoppingToken));
        }

        return Task.WhenAll(loops);
    }

    /// <summary>
    /// Looks every <paramref name="interval"/> (once at start first when <paramref name="firstAtOnce"/>: for a fetch, the
    /// list held may be hours old by now), and audits what changed as <paramref name="actor"/>.
    /// </summary>
    private Task Loop(string name, TimeSpan interval, Func<CancellationToken, Task<IReadOnlyList<TrustChange>>> look, string actor, CancellationToken stoppingToken,
        bool firstAtOnce = false)
    {
        // A change is applied when it is looked at, so its audit entry must not be lost if the store is busy then: it
        // waits here and is written before anything new is looked at.
        var unaudited = new Queue<TrustChange>();
        var resign = false;
        var wait = !firstAtOnce;
        return ResilientLoop.RunAsync(name, async cancellationToken =>
        {
            if (unaudited.Count == 0 && !resign)
            {
                if (wait)
                {
                    await Task.Delay(interval, timeProvider, cancellationToken);
                }

                wait = true;
                foreach (var change in await look(cancellationToken))
                {
                    if (change.Kind is AuditKinds.IdentityRotated or AuditKinds.IdentityRotationRefused)
                    {
                        logger.Log(IsTaken(change) ? LogLevel.Information : LogLevel.Warning, "Node certificate: {Detail}", change.Detail);
                    }

                    unaudited.Enqueue(change);
                    resign |= change.Kind == AuditKinds.IdentityRotated;
                }
            }

            if (unaudited.Count == 0 && !resign)
            {
                return;
            }

            await using var scope = scopes.CreateAsyncScope();
            var audit = scope.ServiceProvider.GetRequiredService<IAuditLog>();
            while (unaudited.TryPeek(out var change))
            {
                await audit.AppendNowAsync(AuditEntry.Create(timeProvider, change.Kind, actor, change.Subject.Value, IsTaken(change) ? "ok" : "warning", change.Detail), cancellationToken);
                unaudited.Dequeue();
            }

            if (resign)
            {
                // The log's key is the node's: a checkpoint under the new key at once (covering the rotation's own
                // entry), so partners are not left with a note whose key the certificate now served does not hold.
                await scope.ServiceProvider.GetRequiredService<Core.Transparency.CheckpointSigner>().SignAsync(force: true, cancellationToken);
                resign = false;
            }
        }, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1), timeProvider, logger, stoppingToken);
    }

    private static bool IsTaken(TrustChange change) => change.Kind is AuditKinds.RevocationListLoaded or AuditKinds.RevocationListFetched or AuditKinds.IdentityRotated;
}
