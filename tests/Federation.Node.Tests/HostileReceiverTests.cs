using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Federation.Contracts.V1;
using Federation.Core.Audit;
using Federation.Core.Identity;
using Federation.Core.Transparency;
using Federation.Node.Peers;
using Federation.Testing;
using Federation.Transparency;

namespace Federation.Node.Tests;

/// <summary>
/// A receiver that lies in its receipts: a real peer server (<see cref="HostileReceiver"/>) with a real DE certificate,
/// and a real FR node sending to it (its treaty countersignature, the first thing it owes DE). A receipt FR must not keep
/// is refused, audited <c>receipt.refused</c> and not stored on the outbox row, while the delivery still counts as
/// delivered. The same server telling the truth has its receipt kept: the refusals are the check's, not the setup's.
/// </summary>
public sealed class HostileReceiverTests
{
    private const long Index = 7;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string, string> Lies => new()
    {
        { "other-key", "which is not DE's log key" },
        { "other-message", "the receipt is for message DE-M-01JD0000000000000000000000, not " },
        { "other-digest", "the receipt's digest is not that of the message sent" },
    };

    [Theory]
    [MemberData(nameof(Lies))]
    public async Task Receipt_TheSenderMustNotKeep_IsRefusedAuditedNotStored_TheDeliveryStands(string lie, string reason)
    {
        using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        await using var setup = await StartAsync((certificateKey, messageId, digest) => lie switch
        {
            // DE's log name, a real key of the same curve that no certificate of DE carries.
            "other-key" => HostileReceiver.Receipt(Log, otherKey, Index, messageId, digest),
            // DE's own key, but a promise about another message, or other bytes under this one's id.
            "other-message" => HostileReceiver.Receipt(Log, certificateKey, Index, "DE-M-01JD0000000000000000000000", digest),
            _ => HostileReceiver.Receipt(Log, certificateKey, Index, messageId, SHA256.HashData(digest)),
        });

        var delivery = await DeliveredAsync(setup);

        Assert.Equal(DeliveryState.Delivered, delivery.State);
        Assert.Empty(delivery.Receipt);
        Assert.Equal(0, delivery.ReceiptIndex);
        var refused = Assert.Single(await AuditAsync(setup.Fr), e => e.Kind == AuditKinds.ReceiptRefused);
        Assert.Equal(delivery.MessageId, refused.Subject);
        Assert.Equal("peer:DE", refused.Actor);
        Assert.Contains(reason, refused.Detail, StringComparison.Ordinal);
        // The delivery itself is in FR's log as acknowledged.
        Assert.Contains(await AuditAsync(setup.Fr), e => e.Kind == AuditKinds.EnvelopeSent && e.Subject == delivery.MessageId && e.Outcome == "acknowledged");
    }

    [Fact]
    public async Task Receipt_TheSameServerSignsTruthfully_IsKept()
    {
        await using var setup = await StartAsync((certificateKey, messageId, digest) => HostileReceiver.Receipt(Log, certificateKey, Index, messageId, digest));

        var delivery = await DeliveredAsync(setup);

        Assert.Equal(DeliveryState.Delivered, delivery.State);
        Assert.Equal(Index, delivery.ReceiptIndex);
        Assert.Equal(delivery.MessageId, LogReceipt.Parse(SignedNote.Parse(delivery.Receipt).Text).MessageId);
        Assert.DoesNotContain(await AuditAsync(setup.Fr), e => e.Kind == AuditKinds.ReceiptRefused);
    }

    public static TheoryData<string, string> BatchLies => new()
    {
        { "one-outcome-short", "answered a batch of 4 with 3 outcomes" },
        { "ids-rotated", "in the place of" },
        { "empty-outcomes", "gave no outcome for this message" },
    };

    /// <summary>
    /// A receiver that speaks federation.v2 and answers a batch with outcomes that cannot be matched to its envelopes:
    /// nothing of the batch is taken as delivered (each message stays pending, with the reason, and goes again).
    /// </summary>
    [Theory]
    [MemberData(nameof(BatchLies))]
    public async Task BatchAnswer_ThatCannotBeMatchedToItsEnvelopes_DeliversNone_EachStaysPendingWithTheReason(string lie, string error)
    {
        await using var setup = await StartAsync((certificateKey, messageId, digest) => HostileReceiver.Receipt(Log, certificateKey, Index, messageId, digest), ids => lie switch
        {
            "one-outcome-short" => ids.Skip(1).Select(Ack),
            "ids-rotated" => ids.Skip(1).Append(ids[0]).Select(Ack),
            _ => ids.Select(_ => new DeliveryOutcome()),
        });
        await DeliveredAsync(setup);
        var messages = SealedSummaries.For(setup.Fr, "DE", 4);
        var ids = messages.Select(m => m.Id).ToList();
        await SealedSummaries.EnqueueAsync(setup.Fr, messages, Ct);
        var tried = await Eventually.UntilAsync(async () =>
        {
            await using var scope = setup.Fr.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<Storage.FederationDbContext>();
            return await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(db.Outbox.Where(m => ids.Contains(m.Id) && m.Attempts > 0), Ct);
        }, rows => rows.Count == ids.Count, "FR to try the four once");

        Assert.All(tried, m =>
        {
            Assert.Equal(Core.Delivery.DeliveryState.Pending, m.State);
            Assert.Contains(error, m.LastError, StringComparison.Ordinal);
        });
        Assert.Equal(4, setup.Fr.Services.GetRequiredService<Outbox.OutboxDispatcher>().BatchedEnvelopes);
        Assert.DoesNotContain(await AuditAsync(setup.Fr), e => e.Kind == AuditKinds.EnvelopeSent && ids.Contains(e.Subject!));
    }

    public static TheoryData<string, string> HeadLies => new()
    {
        { "index-shifted", "the receipt head does not hold for the messages sent: The receipt head's root is not that of the receipts" },
        { "fewer", "covers 3 receipts, not the 4 acknowledged with an index" },
        { "no-head", "DE gave log indices but no receipt head to rebuild the receipts under" },
        { "other-key", "which is not DE's log key" },
        { "not-canonical", "the receipt head does not hold for the messages sent" },
    };

    /// <summary>
    /// A receiver that answers a batch with one receipt head (as FR asks) that does not hold for what FR sent: every
    /// receipt of the call is refused and audited, none is kept, and every message counts as delivered. The same server
    /// signing truthfully has every receipt rebuilt whole and kept (the refusals are the check's).
    /// </summary>
    [Theory]
    [MemberData(nameof(HeadLies))]
    [InlineData("honest", null)]
    public async Task ReceiptHead_ThatDoesNotHoldForWhatWasSent_EveryReceiptRefused_TheDeliveriesStand(string lie, string? reason)
    {
        using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        await using var setup = await StartAsync((certificateKey, messageId, digest) => HostileReceiver.Receipt(Log, certificateKey, Index, messageId, digest),
            headLie: key => sent =>
            {
                var signer = new NoteSigner(Log, lie == "other-key" ? otherKey : key);
                var promised = sent.Select((s, i) => new LogReceipt(Log, 100 + i + (lie == "index-shifted" ? 1 : 0), s.MessageId, s.Digest)).ToList();
                var head = SignedReceipt.SignHead(signer, lie == "fewer" ? promised[..3] : promised).Format();
                var response = new DeliverBatchResponse { ReceiptHead = lie switch { "no-head" => string.Empty, "not-canonical" => head + "\n", _ => head } };
                response.Outcomes.AddRange(sent.Select((s, i) => new DeliveryOutcome { Ack = new DeliveryAck { MessageId = s.MessageId, ReceiptIndex = 100 + i } }));
                return response;
            });
        await DeliveredAsync(setup);
        var messages = SealedSummaries.For(setup.Fr, "DE", 4);
        var ids = messages.Select(m => m.Id).ToList();
        await SealedSummaries.EnqueueAsync(setup.Fr, messages, Ct);
        var admin = setup.Fr.AdminClient();
        var delivered = await Eventually.UntilAsync(
            async () => (await admin.Deliveries.ListDeliveriesAsync(new ListDeliveriesRequest { PageSize = 100 }, cancellationToken: Ct)).Deliveries.Where(d => ids.Contains(d.MessageId)).ToList(),
            d => d.Count == 4 && d.All(x => x.State == DeliveryState.Delivered), "FR to see the four delivered");

        var refused = (await AuditAsync(setup.Fr)).Where(e => e.Kind == AuditKinds.ReceiptRefused && ids.Contains(e.Subject!)).ToList();
        Assert.Equal(4, setup.Fr.Services.GetRequiredService<Outbox.OutboxDispatcher>().BatchedEnvelopes);
        // A receiver that chose federation.v2 gets each envelope signed on its own, as v2 has it: never a batch seal.
        Assert.Equal(4, setup.De.Batched.Count);
        Assert.All(setup.De.Batched, b =>
        {
            Assert.Equal(PeerClient.BatchProtocolVersion, b.ProtocolVersion);
            Assert.Null(b.Envelope.BatchSeal);
            Assert.Equal(64, b.Envelope.Signature.Length);
        });
        if (reason is null)
        {
            Assert.Empty(refused);
            var deKey = NoteKey.From(Log, setup.Key);
            Assert.All(delivered, d =>
            {
                var receipt = SignedReceipt.Open(d.Receipt, [deKey]);
                Assert.Equal(d.MessageId, receipt.Receipt.MessageId);
                Assert.Equal(100 + ids.IndexOf(d.MessageId), receipt.Receipt.Index);
                Assert.Equal(receipt.Receipt.Index, d.ReceiptIndex);
                Assert.True(receipt.IsBatched);
            });
            return;
        }

        Assert.Equal(ids.Order(StringComparer.Ordinal), refused.Select(e => e.Subject!).Order(StringComparer.Ordinal));
        Assert.All(refused, e => Assert.Contains(reason, e.Detail, StringComparison.Ordinal));
        Assert.All(delivered, d => Assert.Empty(d.Receipt));
    }

    private static DeliveryOutcome Ack(string messageId) => new() { Ack = new DeliveryAck { MessageId = messageId } };

    private static string Log => AuditLogName.Of(JurisdictionCode.Parse("DE"));

    private static async Task<Setup> StartAsync(Func<ECDsa, string, byte[], string> receipt, HostileReceiver.BatchLie? batchLie = null,
        Func<ECDsa, HostileReceiver.HeadLie>? headLie = null)
    {
        var folder = new TempDirectory();
        HostileReceiver? de = null;
        TestNode? fr = null;
        X509Certificate2? certificate = null;
        ECDsa? key = null;
        try
        {
            var pki = new TestPki(folder.Combine("pki"));
            pki.Ca("FR");
            certificate = pki.Node("DE");
            var signingKey = certificate.GetECDsaPrivateKey()!;
            key = signingKey;
            de = await HostileReceiver.StartAsync(certificate, (messageId, digest) => receipt(signingKey, messageId, digest), Ct, batchLie, headLie?.Invoke(signingKey));
            TreatyFiles.Write(folder.Combine("treaties"), "t.yaml", TreatyFiles.Yaml("t", ["FR", "DE"]));
            fr = await TestNode.StartAsync("FR", pki, folder.Path, ["DE"], folder.Combine("treaties"), extraSettings: new Dictionary<string, string?>
            {
                // Only the delivery is under test: no pulls or checkpoint fetches from a server that serves neither.
                ["Federation:CatchUp:Enabled"] = "false",
                ["Federation:Transparency:Witness:Enabled"] = "false",
            }, cancellationToken: Ct);
            await fr.Services.GetRequiredService<PeerDirectory>().SetEndpointAsync(JurisdictionCode.Parse("DE"), de.Endpoint, Ct);
            return new Setup(folder, certificate, signingKey, de, fr);
        }
        catch
        {
            if (fr is not null)
            {
                await fr.DisposeAsync();
            }

            if (de is not null)
            {
                await de.DisposeAsync();
            }

            key?.Dispose();
            certificate?.Dispose();
            folder.Dispose();
            throw;
        }
    }

    /// <summary>FR's delivery of its countersignature to DE, once it is no longer pending.</summary>
    private static async Task<Delivery> DeliveredAsync(Setup setup)
    {
        var admin = setup.Fr.AdminClient();
        var delivery = await Eventually.UntilAsync(
            async () => (await admin.Deliveries.ListDeliveriesAsync(new ListDeliveriesRequest(), cancellationToken: Ct)).Deliveries.SingleOrDefault(d => d.Recipient == "DE"),
            d => d is { State: not DeliveryState.Pending }, "FR's countersignature to be acknowledged by DE");
        Assert.Contains(delivery!.MessageId, setup.De.Received);
        return delivery;
    }

    private static async Task<IReadOnlyList<AuditEntry>> AuditAsync(TestNode node)
    {
        await using var scope = node.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IAuditLog>().ReadAsync(0, 10_000, Ct);
    }

    private sealed record Setup(TempDirectory Folder, X509Certificate2 Certificate, ECDsa Key, HostileReceiver De, TestNode Fr)
        : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Fr.DisposeAsync();
            await De.DisposeAsync();
            Key.Dispose();
            Certificate.Dispose();
            Folder.Dispose();
        }
    }
}
