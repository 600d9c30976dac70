using Federation.Core;
using Federation.Core.CatchUp;
using Federation.Core.Identity;
using Federation.Node.Inbox;
using Federation.Node.Options;
using Federation.Node.Peers;
using Grpc.Core;
using Microsoft.Extensions.Options;

namespace Federation.Node.CatchUp;

/// <summary>
/// When to pull: from every partner at start and on each <see cref="CatchUpOptions.Interval"/>, and from one partner
/// as soon as it is seen back (<see cref="CatchUpSignal"/>). Each scheduled pass also prunes the log lines partners
/// are known to hold. A partner that cannot be reached is tried again at the next pass; the loop never stops for it.
/// </summary>
public sealed partial class CatchUpWorker(
    CatchUpPuller puller, CatchUpSignal signal, PeerDirectory directory, IServiceScopeFactory scopes, StoreWriteTurn turn,
    IOptions<CatchUpOptions> options, TimeProvider timeProvider, ILogger<CatchUpWorker> logger) : BackgroundService
{
    private const int PruneBatch = 5_000;

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            return Task.CompletedTask;
        }

        var due = new HashSet<string>(directory.Partners.Select(p => p.Value), StringComparer.Ordinal);
        return Hosting.ResilientLoop.RunAsync(nameof(CatchUpWorker), async cancellationToken =>
        {
            foreach (var partner in due.Order(StringComparer.Ordinal).ToList())
            {
                due.Remove(partner);
                await PullQuietlyAsync(JurisdictionCode.Parse(partner), cancellationToken);
            }

            using var interval = new CancellationTokenSource(settings.Interval, timeProvider);
            using var wake = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, interval.Token);
            try
            {
                await signal.Requests.WaitToReadAsync(wake.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // The scheduled pass: every partner, and the log trimmed of what partners hold.
                due.UnionWith(directory.Partners.Select(p => p.Value));
                await PruneAsync(cancellationToken);
            }

            while (signal.Requests.TryRead(out var requested))
            {
                due.Add(requested);
            }
        }, TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5), timeProvider, logger, stoppingToken);
    }

    private async Task PullQuietlyAsync(JurisdictionCode partner, CancellationToken cancellationToken)
    {
        if (directory.EndpointOf(partner) is null)
        {
            return;
        }

        try
        {
            await puller.PullAsync(partner, cancellationToken);
        }
        catch (RpcException ex) when (ex.StatusCode != StatusCode.Cancelled || !cancellationToken.IsCancellationRequested)
        {
            // The partner's words: bounded before they reach the log.
            LogPullFailed(logger, partner.Value, BoundedText.Of($"{ex.StatusCode}: {ex.Status.Detail}", BoundedText.StatusMessage));
        }
        catch (Exception ex) when (ex is FederationException or HttpRequestException or IOException or TimeoutException)
        {
            LogPullFailed(logger, partner.Value, BoundedText.Of(ex.Message, BoundedText.StatusMessage));
        }
    }

    /// <summary>One pass; returns how many log lines were removed.</summary>
    public async Task<int> PruneAsync(CancellationToken cancellationToken)
    {
        var total = 0;
        int pruned;
        do
        {
            await turn.EnterAsync(cancellationToken);
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                pruned = await scope.ServiceProvider.GetRequiredService<IPeerLog>().PruneHeldAsync(PruneBatch, cancellationToken);
            }
            finally
            {
                turn.Exit();
            }

            total += pruned;
        }
        while (pruned == PruneBatch);

        return total;
    }

    [LoggerMessage(EventId = 3203, Level = LogLevel.Information, Message = "Pull from {Partner} failed; it is tried again at the next pass: {Error}")]
    private static partial void LogPullFailed(ILogger logger, string partner, string error);
}
