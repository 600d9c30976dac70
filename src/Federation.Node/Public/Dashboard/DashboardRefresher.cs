using Federation.Core.Dashboard;
using Federation.Core.Events;
using Federation.Node.Events;
using Federation.Node.Hosting;
using Microsoft.Extensions.Options;

namespace Federation.Node.Public.Dashboard;

/// <summary>
/// Keeps the dashboard's snapshot fresh in the background, so no request ever computes a figure.
/// </summary>
/// <remarks>
/// Why a rebuilt snapshot rather than figures maintained one publication at a time: the figures are medians, shares
/// and deadline states that also change when nothing is published (a deadline passes, a report is recorded, a
/// scheduled advisory's instant arrives), so an incremental model would need a rule for each of those and could drift
/// from the store; a rebuild is one function of the store and the clock, tested once. It stays cheap where it counts:
/// seven set-based queries (no per-case query) and only new or corrected advisories are parsed (parses are kept by
/// hash). A rebuild runs when a publication is announced, when the next scheduled advisory becomes public, and at
/// least every <see cref="DashboardOptions.MaxAge"/>, never more often than <see cref="DashboardOptions.MinRebuildInterval"/>;
/// requests read the last snapshot, an immutable object swapped whole.
/// </remarks>
public sealed partial class DashboardRefresher(
    IServiceScopeFactory scopes,
    EventHub events,
    IOptions<DashboardOptions> options,
    TimeProvider timeProvider,
    ILogger<DashboardRefresher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        // Following before the first build: a publication committed while it runs still triggers the next one.
        using var follower = events.Follow();
        DateTimeOffset? lastBuild = null;
        await ResilientLoop.RunAsync(nameof(DashboardRefresher), async cancellationToken =>
        {
            if (lastBuild is { } last && last + options.Value.MinRebuildInterval - timeProvider.GetUtcNow() is { Ticks: > 0 } wait)
            {
                await Task.Delay(wait, timeProvider, cancellationToken);
            }

            // Everything announced so far is in the rebuild about to start.
            while (follower.Events.TryRead(out _))
            {
            }

            var snapshot = await RebuildAsync(cancellationToken);
            lastBuild = snapshot.BuiltAt;
            await WaitForChangeAsync(follower, snapshot, cancellationToken);
        }, TimeSpan.FromSeconds(1), options.Value.MaxAge, timeProvider, logger, stoppingToken);
    }

    private async Task<DashboardSnapshot> RebuildAsync(CancellationToken cancellationToken)
    {
        var started = timeProvider.GetTimestamp();
        await using var scope = scopes.CreateAsyncScope();
        var snapshot = await scope.ServiceProvider.GetRequiredService<DashboardRebuilder>().RebuildAsync(cancellationToken);
        LogRebuilt(logger, snapshot.Cases.Count, timeProvider.GetElapsedTime(started).TotalMilliseconds);
        return snapshot;
    }

    /// <summary>Until a publication is announced, the next scheduled advisory's instant, or the snapshot's maximum age.</summary>
    private async Task WaitForChangeAsync(EventHub.Follower follower, DashboardSnapshot snapshot, CancellationToken cancellationToken)
    {
        var until = snapshot.BuiltAt + options.Value.MaxAge;
        if (snapshot.NextPublicationAt is { } next && next < until)
        {
            until = next;
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var timeout = Task.Delay(Max(until - timeProvider.GetUtcNow(), TimeSpan.Zero), timeProvider, stop.Token);
        try
        {
            while (true)
            {
                var arrival = follower.Events.WaitToReadAsync(stop.Token).AsTask();
                if (await Task.WhenAny(timeout, arrival) == timeout)
                {
                    await timeout;
                    return;
                }

                if (!await arrival)
                {
                    await timeout;
                    return;
                }

                while (follower.Events.TryRead(out var @event))
                {
                    if (@event.Kind == EventKinds.CasePublished)
                    {
                        return;
                    }
                }
            }
        }
        finally
        {
            await stop.CancelAsync();
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    [LoggerMessage(EventId = 7401, Level = LogLevel.Debug, Message = "Dashboard rebuilt: {Cases} published cases in {Milliseconds:F1} ms")]
    private static partial void LogRebuilt(ILogger logger, int cases, double milliseconds);
}
