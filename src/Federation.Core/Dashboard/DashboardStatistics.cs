using Federation.Core.Deadlines;
using Federation.Core.Embargoes;

namespace Federation.Core.Dashboard;

/// <summary>The figures' arithmetic, each rule in one place.</summary>
public static class DashboardStatistics
{
    /// <summary>The median (the mean of the two middle values for an even count); null for no values.</summary>
    public static double? Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return null;
        }

        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /// <summary>
    /// Publications per calendar quarter (UTC), oldest first, from the first quarter with a publication to the
    /// quarter of <paramref name="now"/>, quarters without one included as zero (a chart's gaps are figures too).
    /// </summary>
    public static IReadOnlyList<QuarterCount> PerQuarter(IEnumerable<DateTimeOffset> published, DateTimeOffset now)
    {
        var counts = published.GroupBy(QuarterCount.Of).ToDictionary(g => g.Key, g => g.Count());
        if (counts.Count == 0)
        {
            return [];
        }

        var (year, quarter) = counts.Keys.Min();
        var last = QuarterCount.Of(now);
        var result = new List<QuarterCount>();
        while ((year, quarter).CompareTo(last) <= 0)
        {
            result.Add(new QuarterCount(year, quarter, counts.GetValueOrDefault((year, quarter))));
            (year, quarter) = quarter == 4 ? (year + 1, 1) : (year, quarter + 1);
        }

        return result;
    }

    /// <summary>How an embargo counts for the kept share (see <see cref="EmbargoFigures"/>).</summary>
    public static EmbargoOutcome Outcome(EmbargoView view) => view.AgreedEnd is null
        ? EmbargoOutcome.None
        : view.State == EmbargoState.Broken ? EmbargoOutcome.Broken : EmbargoOutcome.Kept;

    /// <summary>
    /// When every participant had accepted the first proposal that all accepted: the instant the embargo was agreed
    /// (the latest of the acceptances that made it), or null if none was.
    /// </summary>
    public static DateTimeOffset? AgreedAt(EmbargoContext context, EmbargoView view)
    {
        DateTimeOffset? agreed = null;
        var applied = view.History.Where(h => h.Applied).Select(h => h.Signal).ToList();
        foreach (var proposal in applied.Where(s => s.Kind == EmbargoSignalKind.Propose))
        {
            DateTimeOffset? last = proposal.SentAt;
            foreach (var party in context.Participants.Where(p => p != proposal.From))
            {
                // Each party's latest answer counts, as in the embargo machine (history is in canonical order).
                var answer = applied.LastOrDefault(s => s.From == party && s.RefersTo == proposal.Id && s.Kind is EmbargoSignalKind.Accept or EmbargoSignalKind.Decline);
                last = answer is { Kind: EmbargoSignalKind.Accept } accept && last is { } l ? (accept.SentAt > l ? accept.SentAt : l) : null;
            }

            if (last is { } at && (agreed is null || at < agreed))
            {
                agreed = at;
            }
        }

        return agreed;
    }

    /// <summary>
    /// Adds one case's deadlines to a regime's tally. Met: done at or before the deadline. Missed: done after it,
    /// or not done while the deadline has passed. Pending: neither done nor due yet. An answer owed to an embargo
    /// proposal that the embargo's end made moot before it was due (the clock counts it settled at the exit) was
    /// neither met nor missed and is not counted.
    /// </summary>
    public static (int Met, int Missed, int Pending) Tally(IEnumerable<Deadline> deadlines, EmbargoView view, DateTimeOffset now)
    {
        int met = 0, missed = 0, pending = 0;
        foreach (var deadline in deadlines)
        {
            if (deadline.MetAt is { } done)
            {
                var moot = deadline.About is { } about && done <= deadline.DueAt && !view.History.Any(h => h.Applied
                    && h.Signal.From == deadline.DueFrom && h.Signal.RefersTo == about && h.Signal.Kind is EmbargoSignalKind.Accept or EmbargoSignalKind.Decline);
                if (moot)
                {
                    continue;
                }

                if (done <= deadline.DueAt)
                {
                    met++;
                }
                else
                {
                    missed++;
                }
            }
            else if (now >= deadline.DueAt)
            {
                missed++;
            }
            else
            {
                pending++;
            }
        }

        return (met, missed, pending);
    }
}
