using Federation.Core.Deadlines;
using Federation.Core.Events;

namespace Federation.Node.Events;

/// <summary>
/// Every minute (on the node's clock) looks at this node's cases' deadlines: a deadline that becomes
/// due soon or overdue is announced once as an event, and an overdue one is logged.
/// </summary>
public sealed partial class DeadlineMonitor(IServiceScopeFactory scopes, IEventSink events, TimeProvider timeProvider, ILogger<DeadlineMonitor> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    private readonly Dictionary<string, DeadlineState> _announced = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _gate = new(1, 1);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Hosting.ResilientLoop.RunAsync(nameof(DeadlineMonitor), async cancellationToken =>
        {
            await CheckOnceAsync(cancellationToken);
            await Task.Delay(Interval, timeProvider, cancellationToken);
        }, TimeSpan.FromSeconds(5), Interval, timeProvider, logger, stoppingToken);

    /// <summary>One look at every deadline; serialized, so a deadline is announced once whoever calls.</summary>
    public async Task CheckOnceAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await CheckAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task CheckAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var deadlines = scope.ServiceProvider.GetRequiredService<DeadlineService>();
        var cases = scope.ServiceProvider.GetRequiredService<Federation.Core.Cases.ICaseStore>();
        var now = timeProvider.GetUtcNow();
        // Every case, page by page: a node with more cases than one page holds is watched whole.
        var page = Federation.Core.Abstractions.PageRequest.Of(Federation.Core.Abstractions.PageRequest.MaxSize, null);
        var all = new List<Federation.Core.Cases.Case>();
        while (true)
        {
            var next = await cases.ListAsync(page, cancellationToken);
            all.AddRange(next.Items);
            if (next.NextAfter is null)
            {
                break;
            }

            page = page with { After = next.NextAfter };
        }

        foreach (var @case in all)
        {
            foreach (var deadline in await deadlines.ListAsync(@case.Id, cancellationToken))
            {
                if (deadline.State is not (DeadlineState.DueSoon or DeadlineState.Overdue))
                {
                    continue;
                }

                var key = $"{@case.Id}|{deadline.Name}|{deadline.DueFrom}|{deadline.About}";
                if (_announced.TryGetValue(key, out var state) && state == deadline.State)
                {
                    continue;
                }

                _announced[key] = deadline.State;
                var kind = deadline.State == DeadlineState.Overdue ? EventKinds.DeadlineOverdue : EventKinds.DeadlineDueSoon;
                var due = Federation.Core.Embargoes.EmbargoMachine.Instant(deadline.DueAt);
                events.Publish(new FederationEvent(kind, @case.Id, now, $"{deadline.Name} due from {deadline.DueFrom} at {due}"));
                if (deadline.State == DeadlineState.Overdue)
                {
                    LogOverdue(logger, @case.Id, deadline.Name, deadline.DueFrom.Value, due);
                }
            }
        }
    }

    [LoggerMessage(EventId = 6001, Level = LogLevel.Warning, Message = "Deadline overdue: {CaseId} {Deadline} owed by {DueFrom} at {DueAt}")]
    private static partial void LogOverdue(ILogger logger, string caseId, string deadline, string dueFrom, string dueAt);
}
