using Federation.Core.Inbox;

namespace Federation.Node.Inbox;

/// <summary>
/// Forgets message ids older than the replay window's retention, so the record of what was received stays bounded:
/// an envelope that old is refused for its age before its id is ever looked up.
/// </summary>
public sealed partial class InboxPruner(
    IServiceScopeFactory scopes, StoreWriteTurn turn, ReplayWindow window, TimeProvider timeProvider, ILogger<InboxPruner> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);
    private const int BatchSize = 5_000;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Hosting.ResilientLoop.RunAsync(nameof(InboxPruner), async cancellationToken =>
        {
            await PruneAsync(cancellationToken);
            await Task.Delay(Interval, timeProvider, cancellationToken);
        }, Interval, Interval, timeProvider, logger, stoppingToken);

    /// <summary>One pass; returns how many message ids were forgotten.</summary>
    public async Task<int> PruneAsync(CancellationToken cancellationToken)
    {
        var before = timeProvider.GetUtcNow() - window.Retention;
        var total = 0;
        while (true)
        {
            int pruned;
            // One short write at a time, taking turns with the inbox writer (SQLite has one writer).
            await turn.EnterAsync(cancellationToken);
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                pruned = await scope.ServiceProvider.GetRequiredService<IInbox>().PruneAsync(before, BatchSize, cancellationToken);
            }
            finally
            {
                turn.Exit();
            }

            total += pruned;
            if (pruned < BatchSize)
            {
                break;
            }
        }

        if (total > 0)
        {
            LogPruned(logger, total, before);
        }

        return total;
    }

    [LoggerMessage(EventId = 3101, Level = LogLevel.Information, Message = "Forgot {Count} message ids received before {Before:u} (past the replay window's retention)")]
    private static partial void LogPruned(ILogger logger, int count, DateTimeOffset before);
}
