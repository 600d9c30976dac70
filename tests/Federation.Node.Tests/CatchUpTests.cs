using Federation.Contracts.V1;
using Federation.Core.Audit;
using Federation.Core.Identity;
using Federation.Node.CatchUp;
using Federation.Node.Hosting;
using Federation.Node.Outbox;
using Federation.Node.Peers;
using Federation.Storage;
using Federation.Testing;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;

namespace Federation.Node.Tests;

/// <summary>
/// Catch-up by cursor, on real nodes: a partner that was stopped, or whose outbox gave up on it, pulls what it missed
/// from its cursor, through the same verification, treaty check, dedupe and audit as a push.
/// </summary>
public sealed class CatchUpTests
{
    // The outbox gives up fast; the schedule stays out of the way, so only a start or a partner's return pulls.
    private static readonly Dictionary<string, string?> Impatient = new()
    {
        ["Federation:Outbox:MaxAttempts"] = "2",
        ["Federation:CatchUp:Interval"] = "01:00:00",
    };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PartnerStoppedPastTheOutboxPatience_PullsOnStart_HasEverythingExactlyOnce()
    {
        await using var federation = await TestFederation.StartAsync(["FR", "DE"], extraSettings: Impatient, cancellationToken: Ct);
        var (cases, failed) = await ShareWhileStoppedAsync(federation, 5, "Missed while stopped");
        Assert.All(await AuditAsync(federation["FR"], AuditKinds.EnvelopeFailed, failed), a => Assert.Contains("the partner can still pull it", a.Detail, StringComparison.Ordinal));

        var de = await federation.StartAgainAsync("DE", cancellationToken: Ct);

        var received = await ReceivedAsync(de, cases, 5);
        Assert.Equal(cases.Order(StringComparer.Ordinal), received.Select(s => s.Summary.FederationCaseId).Order(StringComparer.Ordinal));
        var accepted = await AuditAsync(de, AuditKinds.EnvelopeAccepted, failed);
        Assert.Equal(failed.Order(StringComparer.Ordinal), accepted.Select(a => a.Subject!).Order(StringComparer.Ordinal));
        Assert.Equal(5, await CountAsync(de, db => db.Inbox.CountAsync(e => failed.Contains(e.MessageId), Ct)));
    }

    [Fact]
    public async Task PushAndPullRacing_EveryMessageAppliedOnce()
    {
        await using var federation = await TestFederation.StartAsync(["FR", "DE"], extraSettings: new Dictionary<string, string?> { ["Federation:CatchUp:Interval"] = "01:00:00" }, cancellationToken: Ct);
        var fr = federation["FR"].AdminClient();
        // Queued while DE cannot be reached by push: both ways then start on the same 30 messages at once.
        await federation["FR"].Services.GetRequiredService<PeerDirectory>().SetEndpointAsync(JurisdictionCode.Parse("DE"), "https://localhost:1", Ct);
        var cases = new List<string>();
        for (var i = 0; i < 30; i++)
        {
            cases.Add(await ShareAsync(fr, $"Raced {i}", "DE"));
        }

        var puller = federation["DE"].Services.GetRequiredService<CatchUpPuller>();
        await federation["FR"].ConnectToAsync(federation["DE"], Ct);
        federation["FR"].Services.GetRequiredService<DeliverySignal>().Notify();
        var pulls = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => puller.PullAsync(JurisdictionCode.Parse("FR"), Ct)));

        await ReceivedAsync(federation["DE"], cases, 30);
        var delivered = await Eventually.UntilAsync(
            async () => (await fr.Deliveries.ListDeliveriesAsync(new ListDeliveriesRequest { PageSize = 200 }, cancellationToken: Ct)).Deliveries
                .Where(d => cases.Contains(d.FederationCaseId)).ToList(),
            d => d.Count == 30 && d.All(x => x.State == DeliveryState.Delivered), "FR's pushes to be acknowledged");
        var ids = delivered.Select(d => d.MessageId).ToList();
        // Each message accepted once, whichever way came first; the other way was answered as a duplicate.
        Assert.InRange(pulls.Sum(p => p.Accepted), 0, 30);
        Assert.Equal(ids.Order(StringComparer.Ordinal), (await AuditAsync(federation["DE"], AuditKinds.EnvelopeAccepted, ids)).Select(a => a.Subject!).Order(StringComparer.Ordinal));
        Assert.Equal(30, await CountAsync(federation["DE"], db => db.ReceivedSummaries.CountAsync(s => cases.Contains(s.CaseId), Ct)));
        Assert.Equal(30, await CountAsync(federation["DE"], db => db.Inbox.CountAsync(e => ids.Contains(e.MessageId), Ct)));
    }

    [Fact]
    public async Task PartnerPulls_GetsOnlyItsOwnLog_NeverWhatIsAddressedToAnother()
    {
        await using var federation = await TestFederation.StartAsync(["FR", "DE", "JP"], extraSettings: Impatient, cancellationToken: Ct);
        var fr = federation["FR"].AdminClient();
        var directory = federation["FR"].Services.GetRequiredService<PeerDirectory>();
        // Neither push gets through, so both stay in FR's log for pulling.
        await directory.SetEndpointAsync(JurisdictionCode.Parse("DE"), "https://localhost:1", Ct);
        await directory.SetEndpointAsync(JurisdictionCode.Parse("JP"), "https://localhost:1", Ct);
        var forJapan = await ShareAsync(fr, "For Japan only", "JP");
        var forGermany = await ShareAsync(fr, "For Germany", "DE");
        Assert.True(await CountAsync(federation["FR"], db => db.PeerLog.CountAsync(l => l.Recipient == "JP", Ct)) > 0);

        var deCertificate = federation["DE"].Services.GetRequiredService<NodeRuntime>().Certificate;
        using var call = federation["FR"].PeerClientAs(deCertificate).Pull(new PullRequest { AfterSequence = 0 }, cancellationToken: Ct);
        var pulled = new List<EnvelopeContent>();
        await foreach (var batch in call.ResponseStream.ReadAllAsync(Ct))
        {
            pulled.AddRange(batch.Envelopes.Select(e => EnvelopeContent.Parser.ParseFrom(e.Envelope.Content)));
        }

        var summary = Assert.Single(pulled, c => c.BodyCase == EnvelopeContent.BodyOneofCase.Summary);
        Assert.Equal(forGermany, summary.Summary.FederationCaseId);
        Assert.All(pulled, c => Assert.Equal("DE", c.Recipient));
        Assert.DoesNotContain(pulled, c => c.Summary?.FederationCaseId == forJapan);
    }

    [Fact]
    public async Task TamperedEnvelopeInTheStream_RefusedOnItsOwn_RestAccepted_CursorPassesTheFinalRefusal()
    {
        await using var federation = await TestFederation.StartAsync(["FR", "DE"], extraSettings: Impatient, cancellationToken: Ct);
        var (cases, failed) = await ShareWhileStoppedAsync(federation, 3, "Stream entry");
        // The middle entry is altered at rest on FR after it was signed: its signature no longer covers its content.
        await using (var scope = federation["FR"].Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<FederationDbContext>();
            var message = await db.Outbox.SingleAsync(m => m.CaseId == cases[1], Ct);
            var envelope = SignedEnvelope.Parser.ParseFrom(message.Envelope);
            var content = EnvelopeContent.Parser.ParseFrom(envelope.Content);
            content.Summary.Title = "Altered after signing";
            envelope.Content = content.ToByteString();
            message.Reseal(envelope.ToByteArray());
            await db.SaveChangesAsync(Ct);
        }

        var de = await federation.StartAgainAsync("DE", cancellationToken: Ct);

        var received = await ReceivedAsync(de, cases, 2);
        Assert.DoesNotContain(received, s => s.Summary.FederationCaseId == cases[1]);
        // Earlier pulls (at start, of FR's countersignature) are audited too: the one that met the stream is the one with the refusal.
        var pulled = await Eventually.UntilAsync(() => AuditAsync(de, AuditKinds.CatchUpPulled, null),
            a => a.Any(x => x.Detail!.Contains("refused=1", StringComparison.Ordinal)), "DE's pull of the stream to be audited");
        Assert.Contains("accepted=2; duplicates=0; refused=1", pulled.Single(x => x.Detail!.Contains("refused=1", StringComparison.Ordinal)).Detail, StringComparison.Ordinal);
        var rejected = Assert.Single(await AuditAsync(de, AuditKinds.EnvelopeRejected, null), a => a.Detail!.Contains("via=pull", StringComparison.Ordinal));
        Assert.Contains("code=SignatureInvalid", rejected.Detail, StringComparison.Ordinal);
        // Refused for what its bytes are, the entry is answered for good: the cursor passes it, to the end of FR's log for DE.
        var highWater = await CountAsync(federation["FR"], db => db.PeerLog.Where(l => l.Recipient == "DE").MaxAsync(l => l.Sequence, Ct));
        var peer = (await de.AdminClient().Peers.ListPeersAsync(new ListPeersRequest(), cancellationToken: Ct)).Peers.Single(p => p.Jurisdiction == "FR");
        Assert.Equal(highWater, peer.PulledThrough);
        Assert.Equal(3, failed.Count);
    }

    [Fact]
    public async Task Cursor_SurvivesRestart_NextPullStartsWhereTheLastEnded()
    {
        await using var federation = await TestFederation.StartAsync(["FR", "DE"], extraSettings: Impatient, cancellationToken: Ct);
        var (first, _) = await ShareWhileStoppedAsync(federation, 1, "Before the first restart");
        var de = await federation.StartAgainAsync("DE", cancellationToken: Ct);
        await ReceivedAsync(de, first, 1);
        var before = (await de.AdminClient().Peers.ListPeersAsync(new ListPeersRequest(), cancellationToken: Ct)).Peers.Single(p => p.Jurisdiction == "FR");
        Assert.True(before.PulledThrough > 0);

        var (second, _) = await ShareWhileStoppedAsync(federation, 1, "Before the second restart");
        de = await federation.StartAgainAsync("DE", cancellationToken: Ct);
        await ReceivedAsync(de, second, 1);

        // From the persisted cursor: only the new entry, not the first one again (FR never saw it acknowledged by push).
        var pulled = await Eventually.UntilAsync(() => AuditAsync(de, AuditKinds.CatchUpPulled, null),
            a => a.Any(x => x.Detail!.StartsWith($"from={before.PulledThrough}; ", StringComparison.Ordinal)), "the pull after the second restart to be audited");
        var resumed = Assert.Single(pulled, x => x.Detail!.StartsWith($"from={before.PulledThrough}; ", StringComparison.Ordinal));
        Assert.Contains("accepted=1; duplicates=0; refused=0", resumed.Detail, StringComparison.Ordinal);
        var after = (await de.AdminClient().Peers.ListPeersAsync(new ListPeersRequest(), cancellationToken: Ct)).Peers.Single(p => p.Jurisdiction == "FR");
        Assert.True(after.PulledThrough > before.PulledThrough);
    }

    private static async Task<string> ShareAsync(AdminClients admin, string title, string partner)
    {
        var created = await admin.Cases.CreateCaseAsync(new CreateCaseRequest { Fields = new CaseFields { Title = title, Sector = "health", Tlp = TlpLabel.Green } }, cancellationToken: Ct);
        await admin.Cases.RecordConsentAsync(new RecordConsentRequest { FederationCaseId = created.FederationCaseId, Scopes = { "share-summary" } }, cancellationToken: Ct);
        await admin.Cases.ShareCaseAsync(new ShareCaseRequest { FederationCaseId = created.FederationCaseId, Partners = { partner } }, cancellationToken: Ct);
        return created.FederationCaseId;
    }

    /// <summary>DE stopped, FR shares <paramref name="count"/> cases with it and its outbox gives up on each; returns the cases and message ids.</summary>
    private static async Task<(List<string> Cases, List<string> MessageIds)> ShareWhileStoppedAsync(TestFederation federation, int count, string title)
    {
        var fr = federation["FR"].AdminClient();
        // What FR sent DE before (its countersignature at start) is acknowledged first: stopping DE while that ack is
        // on its way would leave the line unacknowledged, and the pull would rightly count it a duplicate.
        await Eventually.UntilAsync(
            async () => (await fr.Deliveries.ListDeliveriesAsync(new ListDeliveriesRequest { PageSize = 200 }, cancellationToken: Ct)).Deliveries
                .Where(d => d.Recipient == "DE").ToList(),
            d => d.All(x => x.State != DeliveryState.Pending), "FR's earlier messages to DE to be answered");
        await federation.StopAsync("DE");
        var cases = new List<string>();
        for (var i = 0; i < count; i++)
        {
            cases.Add(await ShareAsync(fr, $"{title} {i}", "DE"));
        }

        return (cases, await WaitForFailedAsync(fr, cases));
    }

    /// <summary>Waits until the outbox gave up on every case's message; returns their message ids.</summary>
    private static async Task<List<string>> WaitForFailedAsync(AdminClients admin, List<string> cases)
    {
        var deliveries = await Eventually.UntilAsync(
            async () => (await admin.Deliveries.ListDeliveriesAsync(new ListDeliveriesRequest { PageSize = 200 }, cancellationToken: Ct)).Deliveries
                .Where(d => cases.Contains(d.FederationCaseId)).ToList(),
            d => d.Count == cases.Count && d.All(x => x.State == DeliveryState.Failed), "the outbox to give up on every message");
        return [.. deliveries.Select(d => d.MessageId)];
    }

    private static Task<List<ReceivedSummary>> ReceivedAsync(TestNode node, List<string> cases, int expected) =>
        Eventually.UntilAsync(
            async () => (await node.AdminClient().Deliveries.ListReceivedSummariesAsync(new ListReceivedSummariesRequest { PageSize = 200 }, cancellationToken: Ct)).Summaries
                .Where(s => cases.Contains(s.Summary.FederationCaseId)).ToList(),
            s => s.Count >= expected, $"{node.Jurisdiction} to hold {expected} of the summaries");

    private static async Task<List<AuditEntry>> AuditAsync(TestNode node, string kind, List<string>? subjects)
    {
        await using var scope = node.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FederationDbContext>();
        var entries = await db.Audit.AsNoTracking().Where(a => a.Kind == kind).OrderBy(a => a.Sequence).ToListAsync(Ct);
        return subjects is null ? entries : [.. entries.Where(a => a.Subject is not null && subjects.Contains(a.Subject))];
    }

    private static async Task<T> CountAsync<T>(TestNode node, Func<FederationDbContext, Task<T>> query)
    {
        await using var scope = node.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<FederationDbContext>());
    }
}
