using Federation.Core.Dashboard;
using Federation.Core.Deadlines;
using Federation.Core.Embargoes;
using Federation.Core.Identity;

namespace Federation.Core.Tests.Dashboard;

public sealed class DashboardStatisticsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 10, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Median_OddCount_MiddleValue() => Assert.Equal(5.0, DashboardStatistics.Median([9, 1, 5]));

    [Fact]
    public void Median_EvenCount_MeanOfTheTwoMiddleValues() => Assert.Equal(4.5, DashboardStatistics.Median([10, 1, 4, 5]));

    [Fact]
    public void Median_NoValues_Null() => Assert.Null(DashboardStatistics.Median([]));

    [Fact]
    public void PerQuarter_GapsAndCurrentQuarter_CountedAsZero()
    {
        var published = new[]
        {
            new DateTimeOffset(2025, 11, 30, 23, 0, 0, TimeSpan.Zero),
            new DateTimeOffset(2025, 12, 31, 23, 59, 59, TimeSpan.Zero),
            // 00:30 on 1 April in Paris is still 31 March UTC: quarters are UTC.
            new DateTimeOffset(2026, 4, 1, 0, 30, 0, TimeSpan.FromHours(2)),
            new DateTimeOffset(2026, 4, 2, 0, 0, 0, TimeSpan.Zero),
        };

        var quarters = DashboardStatistics.PerQuarter(published, new DateTimeOffset(2026, 8, 1, 0, 0, 0, TimeSpan.Zero));

        Assert.Equal(["2025-Q4:2", "2026-Q1:1", "2026-Q2:1", "2026-Q3:0"], quarters.Select(q => $"{q.Label}:{q.Count}"));
    }

    [Fact]
    public void PerQuarter_NothingPublished_Empty() => Assert.Empty(DashboardStatistics.PerQuarter([], T0));

    [Fact]
    public void Outcome_LiftedAfterAgreement_Kept_BrokenAfterAgreement_Broken_NeverAgreed_None()
    {
        var (context, propose, acceptDe) = Agreed();
        var lift = Signal("FR", EmbargoSignalKind.Lift, T0.AddDays(3));
        var broken = Signal("DE", EmbargoSignalKind.Break, T0.AddDays(3), reason: "exploited in the wild");
        var proposedOnly = EmbargoMachine.Compute(context, [propose, broken]);

        Assert.Equal(EmbargoOutcome.Kept, DashboardStatistics.Outcome(EmbargoMachine.Compute(context, [propose, acceptDe, lift])));
        Assert.Equal(EmbargoOutcome.Broken, DashboardStatistics.Outcome(EmbargoMachine.Compute(context, [propose, acceptDe, broken])));
        Assert.Equal(EmbargoOutcome.None, DashboardStatistics.Outcome(proposedOnly));
        Assert.Equal(EmbargoOutcome.None, DashboardStatistics.Outcome(EmbargoMachine.Compute(context, [])));
    }

    [Fact]
    public void AgreedAt_TheLastAcceptanceOfTheFirstProposalAllAccepted()
    {
        var (context, propose, acceptDe) = Agreed(["DE", "JP"]);
        var acceptJp = Signal("JP", EmbargoSignalKind.Accept, T0.AddDays(2), refersTo: propose.Id);
        var view = EmbargoMachine.Compute(context, [propose, acceptDe, acceptJp]);
        var halfway = EmbargoMachine.Compute(context, [propose, acceptDe]);

        Assert.Equal(T0.AddDays(2), DashboardStatistics.AgreedAt(context, view));
        Assert.Null(DashboardStatistics.AgreedAt(context, halfway));
    }

    [Fact]
    public void Tally_OnTime_Late_Overdue_Pending_AndMootAnswer()
    {
        var view = EmbargoMachine.Compute(Agreed().Context, []);
        var now = T0.AddDays(10);
        Deadline D(DateTimeOffset due, DateTimeOffset? met, string? about = null) =>
            new("d", JurisdictionCode.Parse("DE"), T0, due, met is null ? DeadlineState.Due : DeadlineState.Met, met, about);
        var deadlines = new[]
        {
            D(T0.AddDays(1), T0.AddHours(20)),          // met on time
            D(T0.AddDays(1), T0.AddDays(1)),            // met exactly at the deadline
            D(T0.AddDays(1), T0.AddDays(2)),            // done late: missed
            D(T0.AddDays(5), null),                     // overdue: missed
            D(now, null),                               // due now: missed
            D(T0.AddDays(20), null),                    // pending
            D(T0.AddDays(5), T0.AddDays(3), "signal-1"), // an answer settled by the embargo's end, never given: moot
        };

        Assert.Equal((2, 3, 1), DashboardStatistics.Tally(deadlines, view, now));
    }

    private static (EmbargoContext Context, EmbargoSignal Propose, EmbargoSignal Accept) Agreed(string[]? partners = null)
    {
        var parties = (partners ?? ["DE"]).Append("FR").Select(JurisdictionCode.Parse).ToHashSet();
        var context = new EmbargoContext(JurisdictionCode.Parse("FR"), parties, T0, null);
        var propose = Signal("FR", EmbargoSignalKind.Propose, T0.AddHours(1), date: T0.AddDays(14));
        var accept = Signal("DE", EmbargoSignalKind.Accept, T0.AddDays(1), refersTo: propose.Id);
        return (context, propose, accept);
    }

    private static EmbargoSignal Signal(string from, EmbargoSignalKind kind, DateTimeOffset at, DateTimeOffset? date = null, string? refersTo = null, string? reason = null) =>
        new($"{from}-{kind}-{at.UtcTicks}", FederationCaseId.Parse("FR-01JD3ZQ0000000000000000000"), JurisdictionCode.Parse(from), kind, at, date, refersTo, reason);
}
