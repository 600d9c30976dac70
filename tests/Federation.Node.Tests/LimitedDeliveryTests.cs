using Federation.Contracts.V1;
using Federation.Core.Audit;
using Federation.Testing;

namespace Federation.Node.Tests;

/// <summary>
/// The sender's side of a limit, between real nodes: FR lets DE send 3 messages a second; DE shares 12 cases with FR at
/// once. The refused ones are told when to come back (RetryInfo), wait that long without an attempt counted, and all
/// arrive exactly once, each on its first counted attempt.
/// </summary>
public sealed class LimitedDeliveryTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Share_PastPartnersRate_RetriedAfterRetryInfoNotCountedAllArriveOnce()
    {
        await using var federation = await TestFederation.StartAsync(["FR", "DE"], treatyYaml: null, timeProvider: null, extraSettings: new Dictionary<string, string?>
        {
            ["Federation:Peer:Limits:Partners:DE:MessagesPerSecond"] = "3",
            ["Federation:Peer:Limits:Partners:DE:Burst"] = "3",
        }, settingsPerNode: null, Ct);
        var de = federation["DE"].AdminClient();
        var cases = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            cases.Add(await PeerSuspensionTests.ShareNewCaseAsync(de, "FR"));
        }

        var delivered = await Eventually.UntilAsync(
            async () => (await de.Deliveries.ListDeliveriesAsync(new ListDeliveriesRequest { PageSize = 100 }, cancellationToken: Ct)).Deliveries.Where(d => d.Recipient == "FR").ToList(),
            d => d.Count(x => x.Kind == MessageKind.Summary) == 12 && d.All(x => x.State != DeliveryState.Pending), "DE's 12 summaries to leave its outbox", TimeSpan.FromSeconds(60));

        Assert.All(delivered.Where(d => d.Kind == MessageKind.Summary), d =>
        {
            Assert.Equal(DeliveryState.Delivered, d.State);
            Assert.Equal(1, d.Attempts);
        });
        var received = await federation["FR"].AdminClient().Deliveries.ListReceivedSummariesAsync(new ListReceivedSummariesRequest { Origin = "DE", PageSize = 100 }, cancellationToken: Ct);
        Assert.Equal(cases.Order(), received.Summaries.Select(s => s.Summary.FederationCaseId).Order());
        var audit = await PeerSuspensionTests.AuditAsync(federation["FR"]);
        Assert.Contains(audit, e => e.Kind == AuditKinds.PeerLimited && e.Actor == "DE");
        // Exactly once: one acceptance per message id at FR. A copy may also arrive by catch-up (FR pulls what DE
        // addressed to it) and is then answered as a duplicate: that is convergence, not a second application.
        var ids = delivered.Where(d => d.Kind == MessageKind.Summary).Select(d => d.MessageId).ToHashSet();
        Assert.Equal(ids.Order(), audit.Where(e => e.Kind == AuditKinds.EnvelopeAccepted && ids.Contains(e.Subject!)).Select(e => e.Subject).Order());
    }
}
