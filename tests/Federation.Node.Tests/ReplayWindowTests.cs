using Federation.Contracts.V1;
using Federation.Core.Identity;
using Federation.Core.Inbox;
using Federation.Node.Inbox;
using Federation.Node.Peers;
using Federation.Testing;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Time.Testing;

namespace Federation.Node.Tests;

/// <summary>
/// The replay window: an envelope older than Federation:MaxEnvelopeAge is refused, an origin re-seals what its partner
/// could not take for weeks (same message id), and message ids are forgotten after the window's retention.
/// </summary>
public sealed class ReplayWindowTests(BorderFixture fixture) : IClassFixture<BorderFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(-730)]
    [InlineData(-15)]
    public async Task EnvelopeOlderThanTheWindow_FailedPreconditionStale(int days)
    {
        var content = EnvelopeContent.Parser.ParseFrom(fixture.Envelope(fixture.DeCertificate, "DE", caseUnique: "01JD3Q5V7X8Y9Z0A1B2C3D4E81").Content);
        // A new message id with an old creation time: what a replay of a captured envelope, renumbered, would look like.
        content.CreatedAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(days));

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await fixture.Fr.PeerClientAs(fixture.DeCertificate).DeliverAsync(BorderFixture.Resign(content, fixture.DeCertificate), cancellationToken: Ct));

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Contains("older than the replay window", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EnvelopeWithinTheWindow_Accepted()
    {
        var content = EnvelopeContent.Parser.ParseFrom(fixture.Envelope(fixture.DeCertificate, "DE", caseUnique: "01JD3Q5V7X8Y9Z0A1B2C3D4E82").Content);
        content.CreatedAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(-13));

        var ack = await fixture.Fr.PeerClientAs(fixture.DeCertificate).DeliverAsync(BorderFixture.Resign(content, fixture.DeCertificate), cancellationToken: Ct);

        Assert.False(ack.Duplicate);
    }

    [Fact]
    public async Task ResealedCopyOfAnAppliedMessage_AcknowledgedAsDuplicate_OtherContentUnderTheIdStillAConflict()
    {
        var client = fixture.Fr.PeerClientAs(fixture.DeCertificate);
        var first = fixture.Envelope(fixture.DeCertificate, "DE", caseUnique: "01JD3Q5V7X8Y9Z0A1B2C3D4E83");
        await client.DeliverAsync(first, cancellationToken: Ct);

        // As the origin re-seals it: the first sealing kept, a new creation time, signed again.
        var content = EnvelopeContent.Parser.ParseFrom(first.Content);
        content.FirstSealedAt = content.CreatedAt;
        content.CreatedAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddSeconds(1));
        var resealed = await client.DeliverAsync(BorderFixture.Resign(content, fixture.DeCertificate), cancellationToken: Ct);

        Assert.True(resealed.Duplicate);
        var other = EnvelopeContent.Parser.ParseFrom(first.Content);
        other.Summary.Title = "Other content under a used id";
        var conflict = await Assert.ThrowsAsync<RpcException>(async () =>
            await client.DeliverAsync(BorderFixture.Resign(other, fixture.DeCertificate), cancellationToken: Ct));
        Assert.Equal(StatusCode.AlreadyExists, conflict.StatusCode);
    }

    [Fact]
    public async Task PartnerUnreachableForThreeWeeks_OriginReseals_SameMessageIdDelivered()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var federation = await TestFederation.StartAsync(["FR", "DE"], timeProvider: clock, cancellationToken: Ct);
        var fr = federation["FR"].AdminClient();
        var de = federation["DE"].AdminClient();
        // FR's outbox sees DE at a port nobody listens on: every attempt fails and is retried.
        await federation["FR"].Services.GetRequiredService<PeerDirectory>().SetEndpointAsync(JurisdictionCode.Parse("DE"), "https://localhost:1", Ct);
        var created = await fr.Cases.CreateCaseAsync(new CreateCaseRequest { Fields = new CaseFields { Title = "Offline partner", Sector = "health", Tlp = TlpLabel.Green } }, cancellationToken: Ct);
        await fr.Cases.RecordConsentAsync(new RecordConsentRequest { FederationCaseId = created.FederationCaseId, Scopes = { "share-summary" } }, cancellationToken: Ct);
        await fr.Cases.ShareCaseAsync(new ShareCaseRequest { FederationCaseId = created.FederationCaseId, Partners = { "DE" } }, cancellationToken: Ct);
        var pending = (await fr.Deliveries.ListDeliveriesAsync(new ListDeliveriesRequest { FederationCaseId = created.FederationCaseId }, cancellationToken: Ct)).Deliveries.Single();

        // Three weeks pass, longer than DE's 14-day window: the envelope sealed then would be refused as stale.
        clock.Advance(TimeSpan.FromDays(21));
        await federation["FR"].ConnectToAsync(federation["DE"], Ct);

        var received = await Eventually.UntilAsync(
            async () =>
            {
                clock.Advance(TimeSpan.FromSeconds(30));
                return (await de.Deliveries.ListReceivedSummariesAsync(new ListReceivedSummariesRequest(), cancellationToken: Ct)).Summaries;
            },
            s => s.Any(x => x.Summary.FederationCaseId == created.FederationCaseId), "DE to receive the re-sealed summary");
        Assert.Single(received, s => s.Summary.FederationCaseId == created.FederationCaseId);
        // DE may have pulled it (catch-up) before FR's next push: that push is then acknowledged as a duplicate.
        var delivered = await Eventually.UntilAsync(
            async () =>
            {
                clock.Advance(TimeSpan.FromSeconds(30));
                return (await fr.Deliveries.ListDeliveriesAsync(new ListDeliveriesRequest { FederationCaseId = created.FederationCaseId }, cancellationToken: Ct)).Deliveries.Single();
            },
            d => d.State == DeliveryState.Delivered, "FR's outbox to see the message delivered");
        Assert.Equal(pending.MessageId, delivered.MessageId);
    }

    [Fact]
    public async Task MessageIdsPastRetention_Pruned_YoungerOnesKept()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var folder = new TempDirectory();
        var pki = new TestPki(folder.Combine("pki"));
        pki.Ca("FR");
        pki.Ca("DE");
        TreatyFiles.Write(folder.Combine("treaties"), "t.yaml", TreatyFiles.Yaml("t", ["FR", "DE"]));
        await using var node = await TestNode.StartAsync("FR", pki, folder.Path, ["DE"], folder.Combine("treaties"), timeProvider: clock, cancellationToken: Ct);
        await using (var scope = node.Services.CreateAsyncScope())
        {
            var inbox = scope.ServiceProvider.GetRequiredService<IInbox>();
            inbox.Add(new InboxEntry("DE-M-01JD3Q5V7X8Y9Z0A1B2C3D4E91", "DE", new string('a', 64), clock.GetUtcNow()));
            inbox.Add(new InboxEntry("DE-M-01JD3Q5V7X8Y9Z0A1B2C3D4E92", "DE", new string('b', 64), clock.GetUtcNow().AddDays(20)));
            await scope.ServiceProvider.GetRequiredService<Core.Abstractions.IUnitOfWork>().SaveChangesAsync(Ct);
        }

        clock.Advance(ReplayWindow.Default * 2 + TimeSpan.FromDays(1));
        var pruned = await node.Services.GetRequiredService<InboxPruner>().PruneAsync(Ct);

        // The node's own hourly pass also wakes when the clock jumps and may have forgotten it first.
        Assert.InRange(pruned, 0, 1);
        await using var check = node.Services.CreateAsyncScope();
        var remaining = check.ServiceProvider.GetRequiredService<IInbox>();
        Assert.Null(await remaining.FindAsync("DE-M-01JD3Q5V7X8Y9Z0A1B2C3D4E91", Ct));
        Assert.NotNull(await remaining.FindAsync("DE-M-01JD3Q5V7X8Y9Z0A1B2C3D4E92", Ct));
    }
}
