using Federation.Contracts.V1;
using Federation.Testing;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Time.Testing;

namespace Federation.Node.Tests;

/// <summary>A case's clocks on real nodes, with the node's clock faked: due, overdue, met.</summary>
public sealed class DeadlineFlowTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CraAndTreatyDeadlines_TimePasses_OverdueUntilReportedOrAnswered()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var treaty = TreatyFiles.Yaml("timed", ["FR", "DE"]) + "\ndeadlines:\n  - name: embargo-response\n    within: 72h\n";
        await using var federation = await TestFederation.StartAsync(["FR", "DE"], treaty, clock,
            new Dictionary<string, string?> { ["Federation:Timelines:0"] = "cra" }, Ct);
        var fr = federation["FR"].AdminClient();
        var created = await fr.Cases.CreateCaseAsync(new CreateCaseRequest { Fields = new CaseFields { Title = "t", Tlp = TlpLabel.Green } }, cancellationToken: Ct);
        var caseId = created.FederationCaseId;
        await fr.Cases.RecordConsentAsync(new RecordConsentRequest { FederationCaseId = caseId, Scopes = { "share-summary" } }, cancellationToken: Ct);
        await fr.Cases.ShareCaseAsync(new ShareCaseRequest { FederationCaseId = caseId }, cancellationToken: Ct);
        await fr.Embargoes.SignalEmbargoAsync(new SignalEmbargoRequest { FederationCaseId = caseId, Kind = EmbargoSignalKind.Propose, Date = Timestamp.FromDateTimeOffset(clock.GetUtcNow().AddDays(30)) }, cancellationToken: Ct);

        var fresh = await fr.Embargoes.ListDeadlinesAsync(new ListDeadlinesRequest { FederationCaseId = caseId }, cancellationToken: Ct);
        await fr.Embargoes.RecordReportAsync(new RecordReportRequest { FederationCaseId = caseId, Name = "early-warning" }, cancellationToken: Ct);
        clock.Advance(TimeSpan.FromDays(4));
        var later = await fr.Embargoes.ListDeadlinesAsync(new ListDeadlinesRequest { FederationCaseId = caseId }, cancellationToken: Ct);
        var overdue = await fr.Embargoes.ListOverdueAsync(new ListOverdueRequest(), cancellationToken: Ct);

        Assert.Equal([DeadlineState.Due, DeadlineState.Due, DeadlineState.Due], fresh.Deadlines.OrderBy(d => d.Name).Select(d => d.State));
        Assert.Equal(DeadlineState.Met, later.Deadlines.Single(d => d.Name == "early-warning").State);
        Assert.Equal(DeadlineState.Overdue, later.Deadlines.Single(d => d.Name == "notification").State);
        var response = later.Deadlines.Single(d => d.Name == "embargo-response");
        Assert.Equal(("DE", DeadlineState.Overdue), (response.DueFrom, response.State));
        Assert.Equal(["embargo-response", "notification"], overdue.Deadlines.Select(d => d.Name).Order());
    }

    [Fact]
    public async Task PresetProposal_StatusQueryAtOrigin_ShowsEmbargoAndWhatTheCallerOwes()
    {
        var treaty = TreatyFiles.Yaml("timed", ["FR", "DE"]) + "\ndeadlines:\n  - name: embargo-response\n    within: 72h\n";
        await using var federation = await TestFederation.StartAsync(["FR", "DE"], treaty, cancellationToken: Ct);
        var fr = federation["FR"].AdminClient();
        var created = await fr.Cases.CreateCaseAsync(new CreateCaseRequest { Fields = new CaseFields { Title = "t", Tlp = TlpLabel.Green } }, cancellationToken: Ct);
        await fr.Cases.RecordConsentAsync(new RecordConsentRequest { FederationCaseId = created.FederationCaseId, Scopes = { "share-summary" } }, cancellationToken: Ct);
        await fr.Cases.ShareCaseAsync(new ShareCaseRequest { FederationCaseId = created.FederationCaseId }, cancellationToken: Ct);

        var proposed = await fr.Embargoes.SignalEmbargoAsync(new SignalEmbargoRequest { FederationCaseId = created.FederationCaseId, Kind = EmbargoSignalKind.Propose, Preset = EmbargoPreset.CertCc }, cancellationToken: Ct);
        var status = await federation["DE"].AdminClient().Peers.QueryPartnerCaseStatusAsync(
            new QueryPartnerCaseStatusRequest { Partner = "FR", FederationCaseId = created.FederationCaseId }, cancellationToken: Ct);

        Assert.Equal(created.CreatedAt.ToDateTimeOffset().AddDays(45), proposed.ProposedEnd.ToDateTimeOffset());
        Assert.Equal(EmbargoState.Proposed, status.EmbargoState);
        var owed = Assert.Single(status.Deadlines);
        Assert.Equal(("embargo-response", "DE", DeadlineState.Due), (owed.Name, owed.DueFrom, owed.State));
    }
}
