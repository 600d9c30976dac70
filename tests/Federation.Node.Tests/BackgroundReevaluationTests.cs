using Federation.Contracts.V1;
using Federation.Node.Hosting;
using Federation.Testing;

namespace Federation.Node.Tests;

/// <summary>A treaty change is re-evaluated in the background: the inbox keeps accepting while it runs.</summary>
public sealed class BackgroundReevaluationTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Deliver_WhileReevaluationBlockedMidRun_AcceptedAndAcknowledged()
    {
        // Arrange: FR shares a case with DE under v1; FR's re-evaluation worker will stop at its first chunk.
        var v1 = TreatyFiles.Yaml("ai-cvd", ["FR", "DE"], "[title, sector]");
        await using var federation = await TestFederation.StartAsync(["FR", "DE"], v1, cancellationToken: Ct);
        var fr = federation["FR"].AdminClient();
        var de = federation["DE"].AdminClient();
        var frCase = await ShareAsync(fr, "FR", "DE");
        await Eventually.UntilAsync(async () => await de.Deliveries.ListReceivedSummariesAsync(new ListReceivedSummariesRequest { Origin = "FR" }, cancellationToken: Ct),
            r => r.Summaries.Count == 1, "DE to receive FR's summary under v1");
        var worker = federation["FR"].Services.GetRequiredService<ReevaluationWorker>();
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        worker.BeforeChunk = async (_, cancellationToken) =>
        {
            entered.TrySetResult();
            await release.Task.WaitAsync(cancellationToken);
        };

        // The amendment comes into force at FR when DE's countersignature arrives through FR's inbox writer.
        var v2 = TreatyFiles.Yaml("ai-cvd", ["FR", "DE"], "[title, sector, vendor]", version: 2);
        await fr.Treaties.InstallTreatyAsync(new InstallTreatyRequest { FileName = "v2.yaml", Yaml = v2 }, cancellationToken: Ct);
        await de.Treaties.InstallTreatyAsync(new InstallTreatyRequest { FileName = "v2.yaml", Yaml = v2 }, cancellationToken: Ct);
        await entered.Task.WaitAsync(Bound, Ct);
        await Eventually.UntilAsync(async () => await de.Treaties.ListTreatyVersionsAsync(new ListTreatyVersionsRequest { TreatyId = "ai-cvd" }, cancellationToken: Ct),
            h => h.Versions.Single(v => v.Version == 2).InForce, "v2 to be in force at DE too, so DE's summary names it");

        // Act: while FR's re-evaluation is held mid-run, DE delivers a summary to FR.
        var deCase = await ShareAsync(de, "DE", "FR");
        var deliveries = await Eventually.UntilAsync(async () => await de.Deliveries.ListDeliveriesAsync(new ListDeliveriesRequest { FederationCaseId = deCase }, cancellationToken: Ct),
            d => d.Deliveries.Count == 1 && d.Deliveries[0].State is DeliveryState.Delivered or DeliveryState.Failed, "FR to answer DE's delivery during the re-evaluation");

        // Assert: acknowledged and stored, while the re-evaluation had still not passed its first chunk.
        Assert.Equal(DeliveryState.Delivered, deliveries.Deliveries[0].State);
        Assert.True(worker.IsRunning, "the re-evaluation should still be held at its first chunk");
        var heldAtFr = await fr.Deliveries.ListReceivedSummariesAsync(new ListReceivedSummariesRequest { Origin = "DE" }, cancellationToken: Ct);
        Assert.Equal(deCase, Assert.Single(heldAtFr.Summaries).Summary.FederationCaseId);
        var heldAtDe = await de.Deliveries.ListReceivedSummariesAsync(new ListReceivedSummariesRequest { Origin = "FR" }, cancellationToken: Ct);
        Assert.Equal(1, Assert.Single(heldAtDe.Summaries).TreatyVersion);

        // Released, the run finishes: DE receives FR's case re-evaluated under v2.
        release.SetResult();
        var reevaluated = await Eventually.UntilAsync(async () => await de.Deliveries.ListReceivedSummariesAsync(new ListReceivedSummariesRequest { Origin = "FR" }, cancellationToken: Ct),
            r => r.Summaries.Count == 1 && r.Summaries[0].TreatyVersion == 2, "DE to receive FR's case re-evaluated under v2");
        Assert.Equal(frCase, reevaluated.Summaries[0].Summary.FederationCaseId);
        Assert.Equal("Acme", reevaluated.Summaries[0].Summary.Fields().Single(f => f.Name == "vendor").Value);
    }

    private static async Task<string> ShareAsync(AdminClients origin, string from, string partner)
    {
        var created = await origin.Cases.CreateCaseAsync(new CreateCaseRequest
        {
            Fields = new CaseFields { Title = $"{from} finding", Sector = "health", Vendor = "Acme", Tlp = TlpLabel.Green },
        }, cancellationToken: Ct);
        await origin.Cases.RecordConsentAsync(new RecordConsentRequest { FederationCaseId = created.FederationCaseId, Scopes = { "share-summary", "share-vendor" } }, cancellationToken: Ct);
        await origin.Cases.ShareCaseAsync(new ShareCaseRequest { FederationCaseId = created.FederationCaseId, Partners = { partner } }, cancellationToken: Ct);
        return created.FederationCaseId;
    }
}
