using Federation.Contracts.V1;
using Federation.Testing;
using Grpc.Core;
using Microsoft.Extensions.Time.Testing;

namespace Federation.Node.Tests;

/// <summary>Treaty versions come into force when every party has countersigned them, and stop at their review date.</summary>
public sealed class TreatyLifecycleTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Amendment_CountersignedByTwoThenThree_WiderSharingStartsOnlyThen()
    {
        var v1 = TreatyFiles.Yaml("ai-cvd", ["FR", "DE", "JP"], "[title, sector]");
        await using var federation = await TestFederation.StartAsync(["FR", "DE", "JP"], v1, cancellationToken: Ct);
        var fr = federation["FR"].AdminClient();
        var jp = federation["JP"].AdminClient();
        var created = await fr.Cases.CreateCaseAsync(new CreateCaseRequest { Fields = new CaseFields { Title = "t", Sector = "health", Vendor = "Acme", Tlp = TlpLabel.Green } }, cancellationToken: Ct);
        await fr.Cases.RecordConsentAsync(new RecordConsentRequest { FederationCaseId = created.FederationCaseId, Scopes = { "share-summary", "share-vendor" } }, cancellationToken: Ct);
        await fr.Cases.ShareCaseAsync(new ShareCaseRequest { FederationCaseId = created.FederationCaseId, Partners = { "JP" } }, cancellationToken: Ct);
        await Eventually.UntilAsync(async () => await jp.Deliveries.ListReceivedSummariesAsync(new ListReceivedSummariesRequest(), cancellationToken: Ct),
            r => r.Summaries.Count == 1, "JP to receive the summary under v1");

        var v2 = TreatyFiles.Yaml("ai-cvd", ["FR", "DE", "JP"], "[title, sector, vendor]", version: 2);
        await fr.Treaties.InstallTreatyAsync(new InstallTreatyRequest { FileName = "v2.yaml", Yaml = v2 }, cancellationToken: Ct);
        await federation["DE"].AdminClient().Treaties.InstallTreatyAsync(new InstallTreatyRequest { FileName = "v2.yaml", Yaml = v2 }, cancellationToken: Ct);
        var awaiting = await Eventually.UntilAsync(async () => await fr.Treaties.ListTreatyVersionsAsync(new ListTreatyVersionsRequest { TreatyId = "ai-cvd" }, cancellationToken: Ct),
            h => h.Versions.Single(v => v.Version == 2).Awaiting.SequenceEqual(["JP"]), "FR to hold DE's countersignature of v2");

        Assert.False(awaiting.Versions.Single(v => v.Version == 2).InForce);
        Assert.Equal("awaiting countersignature from JP", awaiting.Versions.Single(v => v.Version == 2).Status);
        Assert.True(awaiting.Versions.Single(v => v.Version == 1).InForce);
        var explainedUnderV1 = await fr.Cases.ExplainShareAsync(new ExplainShareRequest { FederationCaseId = created.FederationCaseId, Partner = "JP" }, cancellationToken: Ct);
        Assert.Equal(1, explainedUnderV1.GoverningTreatyVersion);
        Assert.False(explainedUnderV1.Fields.Single(f => f.Name() == "vendor").Flows);

        await jp.Treaties.InstallTreatyAsync(new InstallTreatyRequest { FileName = "v2.yaml", Yaml = v2 }, cancellationToken: Ct);

        ListReceivedSummariesResponse held;
        try
        {
            held = await Eventually.UntilAsync(async () => await jp.Deliveries.ListReceivedSummariesAsync(new ListReceivedSummariesRequest(), cancellationToken: Ct),
                r => r.Summaries.Count == 1 && r.Summaries[0].TreatyVersion == 2, "JP to receive the revision re-evaluated under v2");
        }
        catch (TimeoutException)
        {
            var frHistory = await fr.Treaties.ListTreatyVersionsAsync(new ListTreatyVersionsRequest { TreatyId = "ai-cvd" }, cancellationToken: Ct);
            var jpHistory = await jp.Treaties.ListTreatyVersionsAsync(new ListTreatyVersionsRequest { TreatyId = "ai-cvd" }, cancellationToken: Ct);
            var deliveries = await fr.Deliveries.ListDeliveriesAsync(new ListDeliveriesRequest(), cancellationToken: Ct);
            throw new TimeoutException($"FR: {frHistory}\nJP: {jpHistory}\nFR deliveries: {deliveries}\nJP holds: {await jp.Deliveries.ListReceivedSummariesAsync(new ListReceivedSummariesRequest(), cancellationToken: Ct)}");
        }
        Assert.Equal("Acme", held.Summaries[0].Summary.Fields().Single(f => f.Name == "vendor").Value);
        var diff = await fr.Treaties.DiffTreatyAsync(new DiffTreatyRequest { TreatyId = "ai-cvd", FromVersion = 1, ToVersion = 2 }, cancellationToken: Ct);
        Assert.Contains("+ fields: vendor", diff.Changes);
    }

    [Fact]
    public async Task ReviewDatePassed_SharingStopsAndOperatorsAreWarned()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var reviewBy = clock.GetUtcNow().AddDays(1).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        var treaty = TreatyFiles.Yaml("short", ["FR", "DE"], reviewBy: reviewBy);
        await using var federation = await TestFederation.StartAsync(["FR", "DE"], treaty, clock, cancellationToken: Ct);
        var fr = federation["FR"].AdminClient();
        var created = await fr.Cases.CreateCaseAsync(new CreateCaseRequest { Fields = new CaseFields { Title = "t", Tlp = TlpLabel.Green } }, cancellationToken: Ct);
        await fr.Cases.RecordConsentAsync(new RecordConsentRequest { FederationCaseId = created.FederationCaseId, Scopes = { "share-summary" } }, cancellationToken: Ct);
        var registry = federation["FR"].Services.GetRequiredService<Federation.Core.Treaties.TreatyRegistry>();
        var before = await fr.Cases.ExplainShareAsync(new ExplainShareRequest { FederationCaseId = created.FederationCaseId, Partner = "DE" }, cancellationToken: Ct);
        var monitor = federation["FR"].Services.GetRequiredService<Federation.Node.Hosting.TreatyReviewMonitor>();
        var warned = monitor.CheckOnce();

        clock.Advance(TimeSpan.FromDays(2));

        var after = await fr.Cases.ShareCaseAsync(new ShareCaseRequest { FederationCaseId = created.FederationCaseId, Partners = { "DE" } }, cancellationToken: Ct);
        var listed = await fr.Treaties.ListTreatiesAsync(new ListTreatiesRequest(), cancellationToken: Ct);
        Assert.True(before.WouldShare);
        Assert.False(after.Decisions[0].Shared);
        Assert.Equal("no treaty in force binds this node and DE", after.Decisions[0].Reasons[0]);
        Assert.StartsWith("review date", listed.Treaties[0].Status, StringComparison.Ordinal);
        Assert.Contains("stops sharing at its review date", Assert.Single(warned), StringComparison.Ordinal);
        Assert.Contains("passed its review date without a renewed version in force", Assert.Single(monitor.CheckOnce()), StringComparison.Ordinal);
        var health = await new Federation.Node.Hosting.TreatyHealthCheck(registry, clock).CheckHealthAsync(new Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckContext(), Ct);
        Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Degraded, health.Status);
    }

    [Fact]
    public async Task Install_SameVersionOtherContent_AlreadyExistsAndNothingChanges()
    {
        await using var federation = await TestFederation.StartAsync(["FR", "DE"], cancellationToken: Ct);
        var fr = federation["FR"].AdminClient();

        var error = await Assert.ThrowsAsync<RpcException>(async () => await fr.Treaties.InstallTreatyAsync(
            new InstallTreatyRequest { FileName = "clash.yaml", Yaml = TreatyFiles.Yaml("test-treaty", ["FR", "DE"], "[title]") }, cancellationToken: Ct));
        var listed = await fr.Treaties.ListTreatiesAsync(new ListTreatiesRequest(), cancellationToken: Ct);

        Assert.Equal(StatusCode.AlreadyExists, error.StatusCode);
        Assert.Contains("needs a new version number", error.Status.Detail, StringComparison.Ordinal);
        Assert.True(Assert.Single(listed.Treaties).InForce);
    }
}
