namespace Federation.Node.Hosting;

/// <summary>
/// Looks at the treaties' review dates every hour (on the node's clock) and warns operators when a
/// treaty is about to stop sharing or has stopped: a sunset must never pass silently.
/// </summary>
public sealed partial class TreatyReviewMonitor(
    Federation.Core.Treaties.TreatyRegistry registry, IServiceScopeFactory scopes, TimeProvider timeProvider, ILogger<TreatyReviewMonitor> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    private HashSet<string> _reported = [];

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        ResilientLoop.RunAsync(nameof(TreatyReviewMonitor), async cancellationToken =>
        {
            CheckOnce();
            // A version beginning or lapsing with time changes what partners may hold: re-evaluate then.
            await using (var scope = scopes.CreateAsyncScope())
            {
                await scope.ServiceProvider.GetRequiredService<Federation.Core.Treaties.TreatyService>().RefreshAsync(cancellationToken);
            }

            await Task.Delay(Interval, timeProvider, cancellationToken);
        }, TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(1), timeProvider, logger, stoppingToken);

    /// <summary>Logs each problem once, when it first appears; returns the problems seen now.</summary>
    public IReadOnlyList<string> CheckOnce()
    {
        var problems = TreatyHealthCheck.Problems(registry, timeProvider.GetUtcNow());
        foreach (var problem in problems.Where(p => !_reported.Contains(p)))
        {
            LogProblem(logger, problem);
        }

        _reported = [.. problems];
        return problems;
    }

    [LoggerMessage(EventId = 5001, Level = LogLevel.Warning, Message = "Treaty review: {Problem}")]
    private static partial void LogProblem(ILogger logger, string problem);
}
