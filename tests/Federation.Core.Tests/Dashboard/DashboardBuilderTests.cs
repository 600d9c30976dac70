using Federation.Core.Dashboard;
using Federation.Core.Deadlines;
using Federation.Core.Embargoes;
using Federation.Core.Identity;
using Federation.Core.Publication;
using Federation.Core.Severity;
using Federation.Core.Treaties;
using Federation.Core.Tests.Publication;
using Microsoft.Extensions.Time.Testing;

namespace Federation.Core.Tests.Dashboard;

public sealed class DashboardBuilderTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly Treaty Treaty = Builders.Treaty("ai-cvd") with { Deadlines = [new TreatyDeadline("embargo-response", TimeSpan.FromHours(48))] };

    [Fact]
    public void Build_AdvisoryNotYetPublic_NotShownAnywhereAndItsInstantIsTheNextRebuild()
    {
        var clock = new FakeTimeProvider(Now);
        var visible = Fact("A", published: Now.AddDays(-1));
        var scheduled = Fact("B", published: Now.AddHours(2));
        var facts = new DashboardFacts([visible, scheduled], 0, 0, 0, Now.AddHours(2));

        var before = Build(facts, clock.GetUtcNow());
        clock.Advance(TimeSpan.FromHours(2));
        var after = Build(facts with { NextPublicationAt = null }, clock.GetUtcNow());

        Assert.Equal([visible.CaseId], before.Cases.Select(c => c.CaseId));
        Assert.Null(before.Find(scheduled.CaseId));
        Assert.Equal(1, before.Figures.Published);
        Assert.Equal(1, before.Figures.PublishedPerQuarter.Sum(q => q.Count));
        Assert.Equal(Now.AddHours(2), before.NextPublicationAt);
        Assert.Equal([scheduled.CaseId, visible.CaseId], after.Cases.Select(c => c.CaseId));
        Assert.Equal(2, after.Figures.Published);
    }

    [Fact]
    public void Build_ManyCases_NewestFirstInPagesOf50()
    {
        var facts = Enumerable.Range(0, 120).Select(i => Fact($"C{i:D3}", published: Now.AddHours(-i))).ToList();

        var snapshot = Build(new DashboardFacts(facts, 0, 0, 0, null), Now);
        var first = snapshot.Page(1);
        var last = snapshot.Page(3);

        Assert.Equal((50, 3, 120, false, true), (first.Cases.Count, first.Pages, first.Total, first.HasPrevious, first.HasNext));
        Assert.Equal(facts[0].CaseId, first.Cases[0].CaseId);
        Assert.Equal(20, last.Cases.Count);
        Assert.False(last.HasNext);
        Assert.Empty(snapshot.Page(4).Cases);
        Assert.True(snapshot.Cases.Zip(snapshot.Cases.Skip(1)).All(p => p.First.Timeline.Published >= p.Second.Timeline.Published));
    }

    [Fact]
    public void Build_MedianDaysFromReportToPublication_AndQuarters()
    {
        var facts = new[]
        {
            Fact("A", published: new DateTimeOffset(2026, 11, 20, 0, 0, 0, TimeSpan.Zero), reportedDaysBefore: 10),
            Fact("B", published: new DateTimeOffset(2026, 7, 1, 0, 0, 0, TimeSpan.Zero), reportedDaysBefore: 30),
            Fact("C", published: new DateTimeOffset(2026, 6, 30, 0, 0, 0, TimeSpan.Zero), reportedDaysBefore: 45.5),
        };

        var figures = Build(new DashboardFacts(facts, 0, 0, 0, null), Now).Figures;

        Assert.Equal(30, figures.MedianDaysToPublication);
        Assert.Equal(["2026-Q2:1", "2026-Q3:1", "2026-Q4:1"], figures.PublishedPerQuarter.Select(q => $"{q.Label}:{q.Count}"));
    }

    [Fact]
    public void Build_EmbargoesKeptShare_LiftedKeptBrokenBrokenProposedOnlyNotCounted()
    {
        var facts = new[]
        {
            Fact("A", exit: EmbargoSignalKind.Lift),
            Fact("B", exit: EmbargoSignalKind.Lift),
            Fact("C", exit: EmbargoSignalKind.Lift),
            Fact("D", exit: EmbargoSignalKind.Break),
            Fact("E", exit: EmbargoSignalKind.Break, accepted: false),
            Fact("F"),
        };

        var snapshot = Build(new DashboardFacts(facts, 0, 0, 0, null), Now);

        Assert.Equal((3, 1, 4), (snapshot.Figures.Embargoes.Kept, snapshot.Figures.Embargoes.Broken, snapshot.Figures.Embargoes.Counted));
        Assert.Equal(0.75, snapshot.Figures.Embargoes.KeptShare);
        var a = snapshot.Find(Id("A"))!.Timeline;
        var reported = a.Reported;
        Assert.Equal((EmbargoOutcome.Kept, reported.AddDays(2), reported.AddDays(30), reported.AddDays(5)), (a.Embargo, a.EmbargoAgreed, a.EmbargoEnd, a.EmbargoExited));
        Assert.Equal(reported.AddHours(12), a.Coordinated);
        Assert.Equal(EmbargoOutcome.None, snapshot.Find(Id("E"))!.Timeline.Embargo);
        Assert.Null(new EmbargoFigures(0, 0).KeptShare);
    }

    [Fact]
    public void Build_DeadlinesUnderCraAndTreaty_MetMissedPending()
    {
        var reported = Now.AddDays(-20);
        // CRA: early warning in time, notification late; the final report (14 days after the lift) still pending.
        var onTime = Fact("A", published: Now.AddDays(-1), reportedDaysBefore: 19, exit: EmbargoSignalKind.Lift, exitDay: 18,
            reports: new Dictionary<string, DateTimeOffset> { ["early-warning"] = reported.AddHours(3), ["notification"] = reported.AddHours(80) });
        // No report at all, and the embargo exited long ago: every CRA deadline missed. DE answered the proposal in 1 day (treaty: 48 h).
        var late = Fact("B", published: Now.AddDays(-1), reportedDaysBefore: 40, exit: EmbargoSignalKind.Lift);

        var snapshot = Build(new DashboardFacts([onTime, late], 0, 0, 0, null), Now);

        var cra = snapshot.Figures.Deadlines.Single(d => d.Kind == DeadlineRegimeKind.Cra);
        var treaty = snapshot.Figures.Deadlines.Single(d => d.Kind == DeadlineRegimeKind.Treaty);
        Assert.Equal((DeadlineFigures.CraRegime, 1, 4, 1), (cra.Regime, cra.Met, cra.Missed, cra.Pending));
        Assert.Equal(("ai-cvd", 2, 0, 0), (treaty.Regime, treaty.Met, treaty.Missed, treaty.Pending));
        Assert.Equal(0.2, cra.MetShare);
    }

    [Fact]
    public void Build_NodeFollowsNoCraTimeline_NoCraFigures()
    {
        var snapshot = DashboardBuilder.Build(new DashboardFacts([Fact("A")], 0, 0, 0, null), Advisories([Fact("A")]), [], (_, _) => Treaty, Now);

        Assert.DoesNotContain(snapshot.Figures.Deadlines, d => d.Kind == DeadlineRegimeKind.Cra);
    }

    [Fact]
    public void Build_UnpublishedCounts_OnlyBucketed()
    {
        var snapshot = Build(new DashboardFacts([], Received: 3, Coordinating: 7, ClosedUnpublished: 0, null), Now);

        var unpublished = snapshot.Figures.Unpublished;
        Assert.Equal((0, 4), (unpublished.Received.Lower, unpublished.Received.Upper));
        Assert.Equal((5, 9), (unpublished.Coordinating.Lower, unpublished.Coordinating.Upper));
        Assert.Equal((10, 19), (unpublished.Total.Lower, unpublished.Total.Upper));
        Assert.True(unpublished.ClosedUnpublished.IsBelowMinimum);
        Assert.Empty(snapshot.Cases);
    }

    [Fact]
    public void Build_Case_ShowsWhatTheAdvisorySaysAndLinksToTheProvidersPath()
    {
        var fact = Fact("A", published: new DateTimeOffset(2025, 12, 31, 23, 0, 0, TimeSpan.Zero));

        var shown = Build(new DashboardFacts([fact], 0, 0, 0, null), Now).Cases.Single();

        Assert.Equal($"/.well-known/csaf/white/2025/{fact.TrackingId.ToLowerInvariant()}.json", shown.AdvisoryPath);
        Assert.Equal(("Acme Health", "MedAssist", RemediationCategory.VendorFix, CvssRating.Critical), (shown.Advisory.Vendor, shown.Advisory.Product, shown.Remediation, shown.Rating));
    }

    private static DashboardSnapshot Build(DashboardFacts facts, DateTimeOffset now) =>
        DashboardBuilder.Build(facts, Advisories(facts.Published), TimelinePresets.Cra, (id, version) => id == Treaty.Id && version == 1 ? Treaty : null, now);

    private static Dictionary<string, PublicAdvisory> Advisories(IEnumerable<PublishedCaseFacts> facts) => facts.ToDictionary(
        f => f.TrackingId,
        f => PublicAdvisoryReader.Read(CsafAdvisoryBuilder.Build(AdvisoryBuilders.PublishedCase(), AdvisoryBuilders.NewPublication(f.TrackingId)).Utf8Json));

    private static string Id(string name) => $"FR-01JD3ZQ{name.PadLeft(19, '0')}";

    /// <summary>
    /// A published case reported <paramref name="reportedDaysBefore"/> days before its publication, shared 12 hours
    /// after its report; with <paramref name="exit"/>, FR proposes an embargo 30 days out on day 1, DE accepts on day 2
    /// (unless not), and it exits (FR lifts, DE breaks) on <paramref name="exitDay"/>.
    /// </summary>
    private static PublishedCaseFacts Fact(
        string name, DateTimeOffset? published = null, double reportedDaysBefore = 10, EmbargoSignalKind? exit = null, bool accepted = true, int exitDay = 5,
        IReadOnlyDictionary<string, DateTimeOffset>? reports = null)
    {
        var at = published ?? Now.AddDays(-1);
        var reportedAt = at.AddDays(-reportedDaysBefore);
        var signals = exit is { } e ? Embargo(name, reportedAt, e, accepted, exitDay) : [];
        return new PublishedCaseFacts(Id(name), $"FR-2026-{name}", 1, $"sha-{name}", at, at, reportedAt,
            reportedAt.AddHours(12), signals, [new CaseTreatyShare("DE", Treaty.Id, 1)], reports ?? new Dictionary<string, DateTimeOffset>());
    }

    private static List<EmbargoSignal> Embargo(string name, DateTimeOffset t, EmbargoSignalKind exit, bool accepted, int exitDay)
    {
        var id = FederationCaseId.Parse(Id(name));
        var propose = new EmbargoSignal($"{name}-p", id, Builders.Fr, EmbargoSignalKind.Propose, t.AddDays(1), t.AddDays(30));
        var signals = new List<EmbargoSignal> { propose };
        if (accepted)
        {
            signals.Add(new EmbargoSignal($"{name}-a", id, Builders.De, EmbargoSignalKind.Accept, t.AddDays(2), RefersTo: propose.Id));
        }

        signals.Add(exit == EmbargoSignalKind.Lift
            ? new EmbargoSignal($"{name}-x", id, Builders.Fr, EmbargoSignalKind.Lift, t.AddDays(exitDay))
            : new EmbargoSignal($"{name}-x", id, Builders.De, EmbargoSignalKind.Break, t.AddDays(exitDay), Reason: "exploited in the wild"));
        return signals;
    }
}
