using System.Security.Cryptography;
using Federation.Core.Abstractions;
using Federation.Core.Delivery;
using Federation.Transparency;
using Microsoft.Extensions.DependencyInjection;

namespace Federation.Storage.Tests;

/// <summary>
/// Receipts kept under the one head of their call: stored once with the receipts packed, each message's outbox row
/// naming its head and place, and read back whole, exactly as the receiver's key signed them, beside receipts kept whole.
/// </summary>
public sealed class DeliveryReceiptHeadTests
{
    private const string Log = "federation.audit/de";

    private static readonly DateTimeOffset At = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task ReceiptsKeptUnderAHead_AreReadBackWhole_AndOpenWithTheReceiversKey()
    {
        var ct = TestContext.Current.CancellationToken;
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var signer = new NoteSigner(Log, key);
        var receipts = Enumerable.Range(0, 5).Select(i => new LogReceipt(Log, 40 + i, $"FR-M-{i:D4}", SHA256.HashData(BitConverter.GetBytes(i)))).ToList();
        var head = new DeliveryReceiptHead(Log, SignedReceipt.SignHead(signer, receipts).Format(), ReceiptLeaves.Pack(receipts), At);
        await using var store = await StoreFixture.CreateAsync();
        await using (var scope = store.Scope())
        {
            var outbox = scope.ServiceProvider.GetRequiredService<IOutbox>();
            outbox.KeepReceiptHead(head);
            for (var i = 0; i < receipts.Count; i++)
            {
                Delivered(outbox, receipts[i].MessageId, head, i);
            }

            outbox.KeepReceipt(new DeliveryReceipt("FR-M-whole", "a receipt kept whole", At));
            await scope.ServiceProvider.GetRequiredService<IUnitOfWork>().SaveChangesAsync(ct);
        }

        await using (var scope = store.Scope())
        {
            var kept = await scope.ServiceProvider.GetRequiredService<IOutbox>().ReceiptsAsync([.. receipts.Select(r => r.MessageId), "FR-M-whole", "FR-M-none"], ct);

            Assert.Equal(6, kept.Count);
            Assert.Equal("a receipt kept whole", kept["FR-M-whole"]);
            Assert.All(receipts, r =>
            {
                var opened = SignedReceipt.Open(kept[r.MessageId], [signer.PublicKey]);
                Assert.Equal(r.ToText(), opened.Receipt.ToText());
                Assert.True(opened.IsBatched);
            });
            // No row apart for them: only the one kept whole.
            Assert.Equal("FR-M-whole", Assert.Single(scope.ServiceProvider.GetRequiredService<FederationDbContext>().DeliveryReceipts.ToList()).MessageId);
        }
    }

    /// <summary>A row naming a place that holds another message's receipt (a damaged or altered store) gives no receipt, not the other's.</summary>
    [Fact]
    public async Task ARowNamingAnotherMessagesPlace_GivesNoReceipt_AndAHeadKeptTwiceIsOneRow()
    {
        var ct = TestContext.Current.CancellationToken;
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var receipts = Enumerable.Range(0, 3).Select(i => new LogReceipt(Log, 7 + i, $"FR-M-{i:D4}", SHA256.HashData(BitConverter.GetBytes(i)))).ToList();
        var note = SignedReceipt.SignHead(new NoteSigner(Log, key), receipts).Format();
        var head = new DeliveryReceiptHead(Log, note, ReceiptLeaves.Pack(receipts), At);
        await using var store = await StoreFixture.CreateAsync();
        await using (var scope = store.Scope())
        {
            var outbox = scope.ServiceProvider.GetRequiredService<IOutbox>();
            outbox.KeepReceiptHead(head);
            Delivered(outbox, receipts[0].MessageId, head, 0);
            Delivered(outbox, "FR-M-other", head, 1);
            await scope.ServiceProvider.GetRequiredService<IUnitOfWork>().SaveChangesAsync(ct);
        }

        await using (var scope = store.Scope())
        {
            // A second dispatcher on the same store keeps the same head again: its commit goes through, one row stays.
            var outbox = scope.ServiceProvider.GetRequiredService<IOutbox>();
            outbox.KeepReceiptHead(new DeliveryReceiptHead(Log, note, ReceiptLeaves.Pack(receipts), At.AddSeconds(1)));
            Delivered(outbox, receipts[2].MessageId, head, 2);
            await scope.ServiceProvider.GetRequiredService<IUnitOfWork>().SaveChangesAsync(ct);
        }

        await using (var scope = store.Scope())
        {
            var kept = await scope.ServiceProvider.GetRequiredService<IOutbox>().ReceiptsAsync([receipts[0].MessageId, receipts[2].MessageId, "FR-M-other"], ct);

            Assert.Equal([receipts[0].MessageId, receipts[2].MessageId], kept.Keys.Order(StringComparer.Ordinal));
            Assert.Equal(At, Assert.Single(scope.ServiceProvider.GetRequiredService<FederationDbContext>().DeliveryReceiptHeads.ToList()).KeptAt);
        }
    }

    private static void Delivered(IOutbox outbox, string messageId, DeliveryReceiptHead head, int position)
    {
        var message = new OutboxMessage(messageId, "DE", null, 1, [0x0a, 0x00], At);
        outbox.Enqueue(message);
        message.MarkDelivered(At, head, position);
    }
}
