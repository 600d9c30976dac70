using System.Security.Cryptography;
using Federation.Contracts.V1;
using Federation.Core.Audit;
using Federation.Core.Transparency;
using Federation.Node.Transparency;
using Federation.Testing;
using Federation.Transparency;

namespace Federation.Node.Tests;

/// <summary>
/// The sender checks the receipt an acknowledgement carries before keeping it: real nodes, and for the refusal a
/// receiver whose receipts are signed by a real key of its own that is not its log's.
/// </summary>
public sealed class DeliveryReceiptTests
{
    [Fact]
    public async Task Deliver_ReceiptSignedByTheReceiversLogKey_IsKeptAndNothingRefused()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var federation = await TestFederation.StartAsync(["FR", "DE"], cancellationToken: ct);

        var messageId = await CanaryCase.ShareAsync(federation, "FR", "DE", ct);

        var delivery = await DeliveryAsync(federation["FR"], messageId, ct);
        var deKey = federation["DE"].Services.GetRequiredService<LogKeyring>().Current.PublicKey;
        Assert.Equal(messageId, LogReceipt.Open(delivery.Receipt, [deKey]).MessageId);
        Assert.DoesNotContain(await AuditAsync(federation["FR"], ct), e => e.Kind == AuditKinds.ReceiptRefused);
    }

    [Fact]
    public async Task Deliver_ReceiptSignedByAnotherKey_IsNotKept_DeliveredAndAudited()
    {
        var ct = TestContext.Current.CancellationToken;
        using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var other = new NoteSigner(AuditLogName.Of(Core.Identity.JurisdictionCode.Parse("DE")), otherKey);
        await using var federation = await TestFederation.StartAsync(["FR", "DE"], null, new Dictionary<string, Action<IServiceCollection>>
        {
            // DE signs its receipts in its log's name, with a key its certificates do not carry.
            ["DE"] = services => services.Decorate<ReceiptSigner>((_, _) => new ReceiptSigner(new OneKey(other))),
        }, ct);

        var messageId = await CanaryCase.ShareAsync(federation, "FR", "DE", ct);

        var delivery = await DeliveryAsync(federation["FR"], messageId, ct);
        Assert.Equal(DeliveryState.Delivered, delivery.State);
        Assert.Empty(delivery.Receipt);
        // Every acknowledgement DE gave (its countersignature of the treaty's too) carried such a receipt; this one:
        var refused = Assert.Single(await AuditAsync(federation["FR"], ct), e => e.Kind == AuditKinds.ReceiptRefused && e.Subject == messageId);
        Assert.Equal("peer:DE", refused.Actor);
        Assert.Contains($"{other.PublicKey.KeyId:x8}, which is not DE's log key", refused.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ManyDeliveriesAtOnce_GetReceiptsOfBatches_EachKeptAndOpeningWithTheReceiversKey()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var federation = await TestFederation.StartAsync(["FR", "DE"], cancellationToken: ct);
        var admin = federation["FR"].AdminClient();
        var cases = new List<string>();
        for (var i = 0; i < 40; i++)
        {
            var created = await admin.Cases.CreateCaseAsync(new CreateCaseRequest
            {
                Fields = new CaseFields { Title = $"Batch receipt case {i}", Synopsis = "A prompt sequence defeats a safety policy.", Sector = "health", Tlp = TlpLabel.Amber },
            }, cancellationToken: ct);
            await admin.Cases.RecordConsentAsync(new RecordConsentRequest { FederationCaseId = created.FederationCaseId, Scopes = { "share-summary" } }, cancellationToken: ct);
            cases.Add(created.FederationCaseId);
        }

        // Shared at once while DE's single writer waits for its turn at the store: the deliveries queue up in its inbox
        // and are committed in groups when the turn is given back.
        var turn = federation["DE"].Services.GetRequiredService<Federation.Node.Inbox.StoreWriteTurn>();
        await turn.EnterAsync(ct);
        try
        {
            await Task.WhenAll(cases.Select(c => admin.Cases.ShareCaseAsync(new ShareCaseRequest { FederationCaseId = c, Partners = { "DE" } }, cancellationToken: ct).ResponseAsync));
            await Task.Delay(TimeSpan.FromSeconds(2), ct);
        }
        finally
        {
            turn.Exit();
        }

        var deliveries = await Eventually.UntilAsync(
            async () => (await admin.Deliveries.ListDeliveriesAsync(new ListDeliveriesRequest { PageSize = 500 }, cancellationToken: ct)).Deliveries.Where(d => cases.Contains(d.FederationCaseId)).ToList(),
            d => d.Count == cases.Count && d.All(x => x.State == DeliveryState.Delivered), "FR to see its 40 deliveries to DE acknowledged");

        var deKey = federation["DE"].Services.GetRequiredService<LogKeyring>().Current.PublicKey;
        var receipts = deliveries.Select(d => (d.MessageId, Receipt: SignedReceipt.Open(d.Receipt, [deKey]))).ToList();
        Assert.All(receipts, r => Assert.Equal(r.MessageId, r.Receipt.Receipt.MessageId));
        Assert.Equal(receipts.Count, receipts.Select(r => r.Receipt.Receipt.Index).Distinct().Count());
        // Each group commit of FR's deliveries has one signed head: some receipts share it.
        var batched = receipts.Where(r => r.Receipt.IsBatched).ToList();
        Assert.NotEmpty(batched);
        Assert.True(batched.Select(r => r.Receipt.Note.Format()).Distinct().Count() < batched.Count, "no two receipts share a batch head");
        Assert.DoesNotContain(await AuditAsync(federation["FR"], ct), e => e.Kind == AuditKinds.ReceiptRefused);
    }

    [Fact]
    public async Task ReceiptsThatCannotBeSigned_TheDeliveryIsStillAcknowledged_WithoutOne()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var federation = await TestFederation.StartAsync(["FR", "DE"], null, new Dictionary<string, Action<IServiceCollection>>
        {
            // DE's log key is unusable after its commit: the writer must still answer everyone in the batch.
            ["DE"] = services => services.Decorate<ReceiptSigner>((_, _) => new ReceiptSigner(new BrokenKeys())),
        }, ct);

        var messageId = await CanaryCase.ShareAsync(federation, "FR", "DE", ct);

        var delivery = await DeliveryAsync(federation["FR"], messageId, ct);
        Assert.Equal(DeliveryState.Delivered, delivery.State);
        Assert.Empty(delivery.Receipt);
        Assert.Equal(1, delivery.Attempts);
        // And DE's writer lives on: a second share is accepted too.
        var second = await CanaryCase.ShareAsync(federation, "FR", "DE", ct);
        Assert.Equal(DeliveryState.Delivered, (await DeliveryAsync(federation["FR"], second, ct)).State);
    }

    [Fact]
    public async Task ABatchHeadVerifiedOnce_StillLeavesEveryOtherReceiptUnderItChecked()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var federation = await TestFederation.StartAsync(["FR", "DE"], cancellationToken: ct);
        await CanaryCase.ShareAsync(federation, "FR", "DE", ct); // FR has met DE's log key
        var verifier = federation["FR"].Services.GetRequiredService<Federation.Node.Outbox.DeliveryReceiptVerifier>();
        var deSigner = federation["DE"].Services.GetRequiredService<LogKeyring>().Current;
        var de = Core.Identity.JurisdictionCode.Parse("DE");
        byte[] a = SHA256.HashData("a"u8), b = SHA256.HashData("b"u8);
        var batch = SignedReceipt.SignBatch(deSigner, [new LogReceipt(deSigner.Name, 40, "FR-M-A", a), new LogReceipt(deSigner.Name, 41, "FR-M-B", b)]);
        var second = batch[1].Format();

        Assert.NotNull((await verifier.CheckAsync(batch[0].Format(), de, "FR-M-A", a, ct)).Kept);

        // The head is now known good; what each receipt says of itself is still checked.
        Assert.Contains("not FR-M-X", (await verifier.CheckAsync(second, de, "FR-M-X", b, ct)).Refusal, StringComparison.Ordinal);
        Assert.Contains("digest", (await verifier.CheckAsync(second, de, "FR-M-B", a, ct)).Refusal, StringComparison.Ordinal);
        Assert.Contains("not federation.audit/jp", (await verifier.CheckAsync(second, Core.Identity.JurisdictionCode.Parse("JP"), "FR-M-B", b, ct)).Refusal, StringComparison.Ordinal);
        var pathLine = second.Split('\n')[6];
        var bentPath = second.Replace(pathLine, (pathLine[0] == 'A' ? "B" : "A") + pathLine[1..], StringComparison.Ordinal);
        Assert.NotNull((await verifier.CheckAsync(bentPath, de, "FR-M-B", b, ct)).Refusal);
        Assert.NotNull((await verifier.CheckAsync(second, de, "FR-M-B", b, ct)).Kept);
    }

    private static async Task<Delivery> DeliveryAsync(TestNode node, string messageId, CancellationToken ct) =>
        (await node.AdminClient().Deliveries.ListDeliveriesAsync(new ListDeliveriesRequest(), cancellationToken: ct)).Deliveries.Single(d => d.MessageId == messageId);

    private static async Task<IReadOnlyList<AuditEntry>> AuditAsync(TestNode node, CancellationToken ct)
    {
        await using var scope = node.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IAuditLog>().ReadAsync(0, 10_000, ct);
    }

    /// <summary>A log whose key cannot be used: what a failing key store or HSM would look like.</summary>
    private sealed class BrokenKeys : ILogKeys
    {
        // Not one of the exceptions signing is expected to raise: whatever it is, the batch committed.
        public NoteSigner Current => throw new NotSupportedException("The log key is not available.");

        public IReadOnlyList<NoteKey> All => [];
    }

    /// <summary>A log's keys that are one real key, not the node's.</summary>
    private sealed class OneKey(NoteSigner signer) : ILogKeys
    {
        public NoteSigner Current => signer;

        public IReadOnlyList<NoteKey> All => [signer.PublicKey];
    }
}
