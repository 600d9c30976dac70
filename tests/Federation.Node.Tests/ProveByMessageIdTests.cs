using Federation.Contracts.V1;
using Federation.Testing;
using Google.Protobuf.WellKnownTypes;

namespace Federation.Node.Tests;

/// <summary>
/// <c>fedctl audit prove MESSAGE_ID</c> (admin Audit.Prove) finds every leaf about a message, also those whose subject
/// is not the message id: an embargo signal received is logged under its case, yet proved by the signal's message id,
/// and its leaf carries the digest the sender's log has for that message; a countersignature received, logged under its
/// treaty, likewise.
/// </summary>
public sealed class ProveByMessageIdTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Prove_AnEmbargoSignalReceived_FindsItsLeafByMessageId()
    {
        await using var federation = await TestFederation.StartAsync(["FR", "DE"], cancellationToken: Ct);
        var (fr, de) = (federation["FR"].AdminClient(), federation["DE"].AdminClient());
        var messageId = await CanaryCase.ShareAsync(federation, "FR", "DE", Ct);
        var caseId = (await fr.Deliveries.ListDeliveriesAsync(new ListDeliveriesRequest(), cancellationToken: Ct)).Deliveries.Single(d => d.MessageId == messageId).FederationCaseId;

        // FR, the case's origin, proposes an embargo: its signal goes to DE, which logs it under the case.
        await fr.Embargoes.SignalEmbargoAsync(new SignalEmbargoRequest
        {
            FederationCaseId = caseId, Kind = EmbargoSignalKind.Propose, Date = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(30)),
        }, cancellationToken: Ct);
        var signal = await Eventually.UntilAsync(
            async () => (await fr.Deliveries.ListDeliveriesAsync(new ListDeliveriesRequest { FederationCaseId = caseId }, cancellationToken: Ct)).Deliveries
                .SingleOrDefault(d => d.Recipient == "DE" && d.MessageId != messageId),
            d => d is { State: DeliveryState.Delivered }, "FR's embargo signal to be acknowledged by DE");
        await federation["DE"].SignCheckpointAsync(Ct);
        await federation["FR"].SignCheckpointAsync(Ct);

        var received = await de.Audit.ProveAsync(new AuditProveRequest { MessageId = signal!.MessageId }, cancellationToken: Ct);
        var sent = await fr.Audit.ProveAsync(new AuditProveRequest { MessageId = signal.MessageId }, cancellationToken: Ct);

        var leaf = Assert.Single(received.Leaves, l => l.Kind.StartsWith("embargo.", StringComparison.Ordinal));
        Assert.True(leaf.Covered, "the leaf is covered by DE's latest checkpoint");
        var delivered = Assert.Single(sent.Leaves, l => l.Kind == "envelope.delivered");
        // The same message in both logs: DE's leaf (under the case) and FR's (under the message id) carry one digest.
        Assert.Equal(delivered.MessageDigest, leaf.MessageDigest);
        Assert.Equal(32, leaf.MessageDigest.Length);
    }

    [Fact]
    public async Task Prove_ACountersignatureReceived_FindsItsLeafByMessageId()
    {
        await using var federation = await TestFederation.StartAsync(["FR", "DE"], cancellationToken: Ct);
        var (fr, de) = (federation["FR"].AdminClient(), federation["DE"].AdminClient());
        // FR's countersignature of the treaty, which DE logs under the treaty (the federation waits for it to be in force).
        // DE holding it does not mean FR has recorded DE's acknowledgement yet (its envelope.delivered leaf): wait for that.
        var countersignature = await Eventually.UntilAsync(
            async () => (await fr.Deliveries.ListDeliveriesAsync(new ListDeliveriesRequest(), cancellationToken: Ct)).Deliveries
                .Single(d => d.Recipient == "DE" && d.Kind == MessageKind.Countersignature),
            d => d.State == DeliveryState.Delivered, "FR to record DE's acknowledgement of its countersignature");
        await federation["DE"].SignCheckpointAsync(Ct);
        await federation["FR"].SignCheckpointAsync(Ct);

        var received = await de.Audit.ProveAsync(new AuditProveRequest { MessageId = countersignature.MessageId }, cancellationToken: Ct);
        var sent = await fr.Audit.ProveAsync(new AuditProveRequest { MessageId = countersignature.MessageId }, cancellationToken: Ct);

        var leaf = Assert.Single(received.Leaves, l => l.Kind == "treaty.countersigned");
        Assert.Equal(Assert.Single(sent.Leaves, l => l.Kind == "envelope.delivered").MessageDigest, leaf.MessageDigest);
    }
}
