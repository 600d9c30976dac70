using Federation.Core.Deadlines;
using Federation.Core.Embargoes;
using Federation.Core.Identity;
using Federation.Core.Treaties;

namespace Federation.Core.Dashboard;

/// <summary>
/// Builds a dashboard from the facts of one instant. Pure: the same facts, documents and instant give the same
/// snapshot, so every figure is tested without a store.
/// </summary>
public static class DashboardBuilder
{
    /// <param name="facts">What the store holds as of <paramref name="now"/>.</param>
    /// <param name="advisories">The published advisories read back, by tracking id.</param>
    /// <param name="craTimeline">The CRA timeline when this node follows it, else empty (no CRA figures).</param>
    /// <param name="treaty">A treaty version by id and version, or null when this node no longer holds it.</param>
    /// <param name="now">The instant of the snapshot.</param>
    public static DashboardSnapshot Build(
        DashboardFacts facts,
        IReadOnlyDictionary<string, PublicAdvisory> advisories,
        IReadOnlyList<DeadlineRule> craTimeline,
        Func<string, int, Treaty?> treaty,
        DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var cases = new List<DashboardCase>(facts.Published.Count);
        var kept = 0;
        var broken = 0;
        var regimes = new SortedDictionary<(DeadlineRegimeKind, string), (int Met, int Missed, int Pending)>();
        if (craTimeline.Count > 0)
        {
            regimes[(DeadlineRegimeKind.Cra, DeadlineFigures.CraRegime)] = (0, 0, 0);
        }

        // The source filters by instant already; filtering again here keeps the rule where the tests can see it.
        foreach (var fact in facts.Published.Where(f => f.PublishedAt <= now))
        {
            if (!advisories.TryGetValue(fact.TrackingId, out var advisory))
            {
                continue;
            }

            var treaties = fact.Shares.Select(s => treaty(s.TreatyId, s.TreatyVersion)).OfType<Treaty>().ToList();
            var origin = FederationCaseId.Parse(fact.CaseId).Origin;
            var limits = treaties.Select(t => t.MaxEmbargoDays).OfType<int>().ToList();
            var context = new EmbargoContext(origin,
                fact.Shares.Select(s => JurisdictionCode.Parse(s.Partner)).Append(origin).ToHashSet(),
                fact.ReportedAt,
                limits.Count == 0 ? null : limits.Min());
            var view = EmbargoMachine.Compute(context, fact.Signals);
            var outcome = DashboardStatistics.Outcome(view);
            kept += outcome == EmbargoOutcome.Kept ? 1 : 0;
            broken += outcome == EmbargoOutcome.Broken ? 1 : 0;

            if (craTimeline.Count > 0)
            {
                Add(regimes, (DeadlineRegimeKind.Cra, DeadlineFigures.CraRegime), DeadlineClock.Compute(context, view, craTimeline, fact.Reports, now), view, now);
            }

            foreach (var t in treaties.DistinctBy(t => t.Id))
            {
                var rules = t.Deadlines.Select(d => new DeadlineRule(d.Name, TimelinePresets.AnchorOf(d.Name), d.Within)).ToList();
                var key = (DeadlineRegimeKind.Treaty, t.Id);
                regimes.TryAdd(key, (0, 0, 0));
                Add(regimes, key, DeadlineClock.Compute(context, view, rules, fact.Reports, now), view, now);
            }

            var firstSignal = fact.Signals.Count == 0 ? (DateTimeOffset?)null : fact.Signals.Min(s => s.SentAt);
            var coordinated = Earliest(fact.FirstSharedAt, firstSignal);
            var timeline = new DashboardTimeline(
                fact.ReportedAt, coordinated, DashboardStatistics.AgreedAt(context, view), view.AgreedEnd, view.ExitedAt, outcome, fact.PublishedAt, fact.RevisedAt);
            cases.Add(new DashboardCase(fact.CaseId, advisory, timeline, DashboardCase.PathFor(fact.TrackingId, fact.PublishedAt)));
        }

        cases.Sort((a, b) => b.Timeline.Published.CompareTo(a.Timeline.Published) is var c && c != 0 ? c : string.CompareOrdinal(a.CaseId, b.CaseId));
        var figures = new DashboardFigures(
            cases.Count,
            DashboardStatistics.PerQuarter(cases.Select(c => c.Timeline.Published), now),
            DashboardStatistics.Median(cases.Select(c => c.Timeline.DaysToPublication)),
            new EmbargoFigures(kept, broken),
            regimes.Select(r => new DeadlineFigures(r.Key.Item1, r.Key.Item2, r.Value.Met, r.Value.Missed, r.Value.Pending)).ToList(),
            UnpublishedFigures.FromCounts(facts.Received, facts.Coordinating, facts.ClosedUnpublished));
        return new DashboardSnapshot(now, cases, figures, facts.NextPublicationAt is { } next && next > now ? next : null);
    }

    private static void Add(
        SortedDictionary<(DeadlineRegimeKind, string), (int Met, int Missed, int Pending)> regimes,
        (DeadlineRegimeKind, string) key, IReadOnlyList<Deadline> deadlines, EmbargoView view, DateTimeOffset now)
    {
        var (met, missed, pending) = DashboardStatistics.Tally(deadlines, view, now);
        var held = regimes[key];
        regimes[key] = (held.Met + met, held.Missed + missed, held.Pending + pending);
    }

    private static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset? b) =>
        a is null ? b : b is null ? a : a < b ? a : b;
}
