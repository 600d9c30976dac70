using Federation.Contracts.V1;
using Federation.Node.Events;
using Federation.Testing;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Time.Testing;

namespace Federation.Node.Tests;

/// <summary>Operators follow a node's events: summaries, embargo signals, deadlines.</summary>
public sealed class EventStreamTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task WatchEvents_PartnerSharesAndProposes_FollowerSeesBoth()
    {
        await using var federation = await TestFederation.StartAsync(["FR", "DE"], cancellationToken: Ct);
        var fr = federation["FR"].AdminClient();
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        // Bounded, generously: CI runs the test assemblies side by side on two cores.
        bound.CancelAfter(TimeSpan.FromSeconds(60));
        using var watch = federation["DE"].AdminClient().Events.WatchEvents(new WatchEventsRequest { Kinds = { "summary.", "embargo." } }, cancellationToken: bound.Token);
        await Eventually.UntilAsync(() => Task.FromResult(federation["DE"].Services.GetRequiredService<EventHub>().Followers), n => n == 1, "DE's follower to subscribe");

        var created = await fr.Cases.CreateCaseAsync(new CreateCaseRequest { Fields = new CaseFields { Title = "t", Tlp = TlpLabel.Green } }, cancellationToken: Ct);
        await fr.Cases.RecordConsentAsync(new RecordConsentRequest { FederationCaseId = created.FederationCaseId, Scopes = { "share-summary" } }, cancellationToken: Ct);
        await fr.Cases.ShareCaseAsync(new ShareCaseRequest { FederationCaseId = created.FederationCaseId }, cancellationToken: Ct);
        await fr.Embargoes.SignalEmbargoAsync(new SignalEmbargoRequest { FederationCaseId = created.FederationCaseId, Kind = EmbargoSignalKind.Propose, Date = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(20)) }, cancellationToken: Ct);

        var kinds = new List<string>();
        await foreach (var e in watch.ResponseStream.ReadAllAsync(bound.Token))
        {
            Assert.Equal(created.FederationCaseId, e.FederationCaseId);
            kinds.Add(e.Kind);
            if (kinds.Count == 2)
            {
                break;
            }
        }

        Assert.Equal(["embargo.propose", "summary.received"], kinds.Order());
    }

    [Fact]
    public async Task DeadlineMonitor_DeadlinePasses_OverdueAnnouncedOnce()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var federation = await TestFederation.StartAsync(["FR", "DE"], null, clock, new Dictionary<string, string?> { ["Federation:Timelines:0"] = "cra" }, Ct);
        var fr = federation["FR"];
        await fr.AdminClient().Cases.CreateCaseAsync(new CreateCaseRequest { Fields = new CaseFields { Title = "t" } }, cancellationToken: Ct);
        var hub = fr.Services.GetRequiredService<EventHub>();
        var monitor = fr.Services.GetRequiredService<DeadlineMonitor>();
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        bound.CancelAfter(TimeSpan.FromSeconds(20));
        using var follower = hub.Follow();

        clock.Advance(TimeSpan.FromHours(25));
        await monitor.CheckOnceAsync(Ct);
        await monitor.CheckOnceAsync(Ct);
        var seen = new List<Federation.Core.Events.FederationEvent> { await follower.Events.ReadAsync(bound.Token) };
        clock.Advance(TimeSpan.FromHours(30));
        await monitor.CheckOnceAsync(Ct);
        seen.Add(await follower.Events.ReadAsync(bound.Token));

        await monitor.CheckOnceAsync(Ct);
        Assert.False(follower.Events.TryRead(out _), "a deadline is announced once");

        Assert.Contains(seen, e => e.Kind == "deadline.overdue" && e.Detail.StartsWith("early-warning due from FR", StringComparison.Ordinal));
        Assert.Contains(seen, e => e.Kind == "deadline.due-soon" && e.Detail.StartsWith("notification", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Dispatcher_PartnerRefusesWithdrawalForGood_OperatorsGetDeliveryFailedEvent()
    {
        await using var federation = await TestFederation.StartAsync(["FR", "DE"], cancellationToken: Ct);
        var fr = federation["FR"];
        var created = await fr.AdminClient().Cases.CreateCaseAsync(new CreateCaseRequest { Fields = new CaseFields { Title = "t" } }, cancellationToken: Ct);
        using var follower = fr.Services.GetRequiredService<EventHub>().Follow();
        var messageId = Federation.Core.Identity.MessageId.New(Federation.Core.Identity.JurisdictionCode.Parse("FR"), TimeProvider.System);
        await using (var scope = fr.Services.CreateAsyncScope())
        {
            // A withdrawal DE can never take: it is sealed for another recipient (JP) but queued for DE.
            var sealer = scope.ServiceProvider.GetRequiredService<Federation.Core.Delivery.IEnvelopeSealer>();
            var caseId = Federation.Core.Identity.FederationCaseId.Parse(created.FederationCaseId);
            var bytes = sealer.SealWithdrawal(messageId, Federation.Core.Identity.JurisdictionCode.Parse("JP"), caseId, 1, DateTimeOffset.UtcNow);
            scope.ServiceProvider.GetRequiredService<Federation.Core.Delivery.IOutbox>()
                .Enqueue(new Federation.Core.Delivery.OutboxMessage(messageId, "DE", created.FederationCaseId, 1, bytes, DateTimeOffset.UtcNow));
            await scope.ServiceProvider.GetRequiredService<Federation.Core.Abstractions.IUnitOfWork>().SaveChangesAsync(Ct);
        }

        fr.Services.GetRequiredService<Federation.Node.Outbox.DeliverySignal>().Notify();
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        bound.CancelAfter(TimeSpan.FromSeconds(20));
        Federation.Core.Events.FederationEvent seen;
        do
        {
            seen = await follower.Events.ReadAsync(bound.Token);
        }
        while (seen.Kind != "delivery.failed");

        Assert.Equal(created.FederationCaseId, seen.CaseId);
        Assert.StartsWith($"message {messageId} to DE failed for good after 1 attempts: ", seen.Detail, StringComparison.Ordinal);
    }
}
