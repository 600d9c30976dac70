using Federation.Core.Deadlines;
using Federation.Core.Treaties;
using Microsoft.Extensions.Logging;

namespace Federation.Core.Dashboard;

/// <summary>
/// One rebuild of the dashboard: the facts as of now from the store, the documents of advisories not parsed before,
/// then <see cref="DashboardBuilder"/>. Run by the background refresher, never by a request.
/// </summary>
public sealed partial class DashboardRebuilder(
    IDashboardSource source,
    ITreatyRegistry treaties,
    IReadOnlyList<DeadlineRule> timelines,
    DashboardSnapshots snapshots,
    TimeProvider timeProvider,
    ILogger<DashboardRebuilder> logger)
{
    public async Task<DashboardSnapshot> RebuildAsync(CancellationToken cancellationToken)
    {
        await snapshots.RebuildGate.WaitAsync(cancellationToken);
        try
        {
            return await RebuildUnderGateAsync(cancellationToken);
        }
        finally
        {
            snapshots.RebuildGate.Release();
        }
    }

    private async Task<DashboardSnapshot> RebuildUnderGateAsync(CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var facts = await source.LoadAsync(now, cancellationToken);
        var parsed = snapshots.Parsed;
        var unreadable = snapshots.Unreadable;
        var missing = facts.Published.Where(f => !parsed.ContainsKey(f.Sha256) && !unreadable.Contains(f.Sha256)).Select(f => f.TrackingId).ToList();
        if (missing.Count > 0)
        {
            foreach (var (trackingId, json) in await source.ReadDocumentsAsync(missing, cancellationToken))
            {
                var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(json));
                if (PublicAdvisoryReader.TryRead(json, out var advisory, out var error))
                {
                    parsed[hash] = advisory;
                }
                else if (unreadable.Add(hash))
                {
                    // Left off the dashboard, remembered by hash so it is neither read nor logged again until corrected.
                    LogUnreadable(logger, trackingId, error);
                }
            }
        }

        var advisories = new Dictionary<string, PublicAdvisory>(facts.Published.Count, StringComparer.Ordinal);
        foreach (var fact in facts.Published)
        {
            if (parsed.TryGetValue(fact.Sha256, out var advisory))
            {
                advisories[fact.TrackingId] = advisory;
            }
        }

        // Corrections replace documents: forget parses no current advisory has, so the cache stays one per advisory.
        if (parsed.Count + unreadable.Count > facts.Published.Count)
        {
            var current = facts.Published.Select(f => f.Sha256).ToHashSet(StringComparer.Ordinal);
            foreach (var stale in parsed.Keys.Where(k => !current.Contains(k)).ToList())
            {
                parsed.Remove(stale);
            }

            unreadable.RemoveWhere(k => !current.Contains(k));
        }

        var snapshot = DashboardBuilder.Build(facts, advisories, timelines, treaties.Find, now);
        snapshots.Publish(snapshot);
        return snapshot;
    }

    [LoggerMessage(EventId = 7402, Level = LogLevel.Warning, Message = "Advisory {TrackingId} is left off the dashboard: its CSAF document cannot be read ({Error})")]
    private static partial void LogUnreadable(ILogger logger, string trackingId, string error);
}
