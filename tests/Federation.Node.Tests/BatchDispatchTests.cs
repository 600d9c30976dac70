using Federation.Core.Delivery;
using Federation.Core.Identity;
using Federation.Node.Outbox;
using Federation.Node.Peers;
using Federation.Storage;
using Federation.Testing;
using Microsoft.EntityFrameworkCore;

namespace Federation.Node.Tests;

/// <summary>
/// The dispatcher sends a partner that speaks federation.v2 several envelopes a call, and a partner that does not
/// (its operators turned batches off, as a node from before them) one a call: both get everything, with receipts.
/// </summary>
public sealed class BatchDispatchTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PartnerSpeakingV2_GetsSeveralEnvelopesACall_EveryOneDeliveredOnceWithItsReceipt()
    {
        var settings = new Dictionary<string, string?> { ["Federation:Outbox:EnvelopesPerCall"] = "16" };
        await using var federation = await TestFederation.StartAsync(["FR", "DE"], extraSettings: settings, cancellationToken: Ct);
        var (fr, de) = (federation["FR"], federation["DE"]);
        var dispatcher = DispatcherOf(fr);
        // At the federation's start FR asked before it knew DE's endpoint: one a call until it asks again (5 s at most).
        var protocols = fr.Services.GetRequiredService<PartnerProtocols>();
        await Eventually.UntilAsync(async () => await protocols.EnvelopesPerCallAsync(JurisdictionCode.Parse("DE"), Ct), n => n == 16, "FR to learn that DE takes batches");
        var callsBefore = dispatcher.Calls;

        var ids = await SendAsync(fr, 100);

        Assert.True(dispatcher.BatchedEnvelopes >= ids.Count, $"{dispatcher.BatchedEnvelopes} envelopes went in batches");
        // 100 envelopes, at most 16 a call: far fewer calls than envelopes (at least 7).
        Assert.InRange(dispatcher.Calls - callsBefore, 7, 50);
        await AssertDeliveredOnceWithReceiptsAsync(fr, de, ids);
        // What the dispatcher worked out of each message goes with its batch: nothing kept once every batch has ended.
        await Eventually.UntilAsync(() => Task.FromResult(dispatcher.FactsHeld), held => held == 0, "FR's dispatcher to hold no message facts once its batches ended");
    }

    /// <summary>
    /// A partner that speaks federation.v3 gets a call's summaries under one signature: DE verifies one ECDSA signature a
    /// call, not one an envelope. With Federation:Outbox:SealBatches off, FR signs each on its own, as under v2; both ways
    /// everything arrives once, with its receipt.
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task PartnerSpeakingV3_GetsACallsSummariesUnderOneSignature_UnlessTurnedOff(bool sealBatches)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Federation:Outbox:EnvelopesPerCall"] = "16",
            ["Federation:Outbox:SealBatches"] = sealBatches ? "true" : "false",
        };
        await using var federation = await TestFederation.StartAsync(["FR", "DE"], extraSettings: settings, cancellationToken: Ct);
        var (fr, de) = (federation["FR"], federation["DE"]);
        var protocols = fr.Services.GetRequiredService<PartnerProtocols>();
        await Eventually.UntilAsync(async () => await protocols.EnvelopesPerCallAsync(JurisdictionCode.Parse("DE"), Ct), n => n == 16, "FR to learn that DE takes batches");
        Assert.Equal(sealBatches, (await protocols.CallShapeAsync(JurisdictionCode.Parse("DE"), Ct)).SealTogether);
        var verifier = de.Services.GetRequiredService<Security.EnvelopeVerifier>();
        var (sealedBefore, signaturesBefore) = (verifier.BatchSealedEnvelopes, verifier.BatchSignaturesVerified);

        var ids = await SendAsync(fr, 100);
        await AssertDeliveredOnceWithReceiptsAsync(fr, de, ids);

        if (sealBatches)
        {
            // Most calls carry several summaries; a call that carries one keeps that one's own signature.
            Assert.InRange(verifier.BatchSealedEnvelopes - sealedBefore, 50, 100);
            Assert.InRange(verifier.BatchSignaturesVerified - signaturesBefore, 4, 50);
        }
        else
        {
            Assert.Equal(0, verifier.BatchSealedEnvelopes - sealedBefore);
            Assert.Equal(0, verifier.BatchSignaturesVerified - signaturesBefore);
        }
    }

    /// <summary>
    /// Receipts kept under the heads of their calls reach an auditor whole: FR's export of the messages it sent holds
    /// DE's receipt for each, at FR's leaf of its delivery, and the offline verifier checks every one with DE's key.
    /// </summary>
    [Fact]
    public async Task ReceiptsKeptUnderHeads_AreAllInTheSendersExport_AndVerifyOffline()
    {
        var settings = new Dictionary<string, string?> { ["Federation:Outbox:EnvelopesPerCall"] = "16" };
        await using var federation = await TestFederation.StartAsync(["FR", "DE"], extraSettings: settings, cancellationToken: Ct);
        var (fr, de) = (federation["FR"], federation["DE"]);
        var protocols = fr.Services.GetRequiredService<PartnerProtocols>();
        await Eventually.UntilAsync(async () => await protocols.EnvelopesPerCallAsync(JurisdictionCode.Parse("DE"), Ct), n => n == 16, "FR to learn that DE takes batches");
        var ids = await SendAsync(fr, 40);
        await AssertDeliveredOnceWithReceiptsAsync(fr, de, ids);
        await fr.SignCheckpointAsync(Ct);

        var request = new Federation.Contracts.V1.AuditExportRequest { From = 1 };
        request.MessageIds.AddRange(ids);
        using var export = new MemoryStream();
        using (var call = fr.AdminClient().Audit.Export(request, cancellationToken: Ct))
        {
            while (await call.ResponseStream.MoveNext(Ct))
            {
                export.Write(call.ResponseStream.Current.Data.Span);
            }
        }

        export.Position = 0;
        var bundle = Federation.Transparency.Bundles.BundleJson.Read(export);
        var report = Federation.Transparency.Bundles.BundleVerifier.Verify(bundle,
            [fr.Services.GetRequiredService<Core.Transparency.ILogKeys>().Current.PublicKey], [de.Services.GetRequiredService<Core.Transparency.ILogKeys>().Current.PublicKey], null);

        // The whole log from leaf 1: the treaty's countersignature FR sent DE at the start is in it too.
        Assert.Equal(ids.Order(StringComparer.Ordinal), report.HeldReceipts.Select(h => h.Receipt.MessageId).Where(ids.Contains).Order(StringComparer.Ordinal));
        Assert.All(report.HeldReceipts, h => Assert.True(h.SignatureVerified));
        // Several a call: under heads, not signed alone.
        Assert.Contains(bundle.Receipts!, r => Federation.Transparency.SignedReceipt.Parse(r.Note).IsBatched);
    }

    [Fact]
    public async Task PartnerSpeakingOnlyV1_GetsOneEnvelopeACall_AndEverything()
    {
        var perNode = new Dictionary<string, IDictionary<string, string?>>
        {
            ["DE"] = new Dictionary<string, string?> { ["Federation:Peer:MaxEnvelopesPerCall"] = "0" },
        };
        await using var federation = await TestFederation.StartAsync(["FR", "DE"], null, null, null, perNode, Ct);
        var (fr, de) = (federation["FR"], federation["DE"]);
        var dispatcher = DispatcherOf(fr);
        var callsBefore = dispatcher.Calls;

        var ids = await SendAsync(fr, 40);

        Assert.Equal(1, await fr.Services.GetRequiredService<PartnerProtocols>().EnvelopesPerCallAsync(JurisdictionCode.Parse("DE"), Ct));
        Assert.Equal(0, dispatcher.BatchedEnvelopes);
        Assert.True(dispatcher.Calls - callsBefore >= ids.Count, $"{dispatcher.Calls - callsBefore} calls for {ids.Count} envelopes");
        await AssertDeliveredOnceWithReceiptsAsync(fr, de, ids);
    }

    [Fact]
    public async Task PartnerTakingSmallMessages_GetsBatchesUnderHalfItsLimit_NoneRefusedForItsSize()
    {
        var perNode = new Dictionary<string, IDictionary<string, string?>>
        {
            ["FR"] = new Dictionary<string, string?> { ["Federation:Outbox:EnvelopesPerCall"] = "64" },
            ["DE"] = new Dictionary<string, string?> { ["Federation:MaxMessageBytes"] = "16384" },
        };
        await using var federation = await TestFederation.StartAsync(["FR", "DE"], null, null, null, perNode, Ct);
        var (fr, de) = (federation["FR"], federation["DE"]);
        var dispatcher = DispatcherOf(fr);
        var protocols = fr.Services.GetRequiredService<PartnerProtocols>();
        await Eventually.UntilAsync(async () => await protocols.CallShapeAsync(JurisdictionCode.Parse("DE"), Ct), shape => shape.PartnerMaxBytes == 16384, "FR to learn DE's limit");
        var callsBefore = dispatcher.Calls;
        var batchedBefore = dispatcher.BatchedEnvelopes;

        var messages = SealedSummaries.For(fr, "DE", 64);
        var ids = await SendAsync(fr, messages);

        // 64 envelopes a call would be far over DE's 16 KiB; calls of at most 8 KiB each are what it takes.
        var bytes = messages.Sum(m => m.Envelope.Length);
        Assert.True(dispatcher.Calls - callsBefore >= bytes / 8192, $"{dispatcher.Calls - callsBefore} calls for {bytes} bytes");
        Assert.True(dispatcher.BatchedEnvelopes - batchedBefore > 0, "some went in batches");
        await AssertDeliveredOnceWithReceiptsAsync(fr, de, ids);
    }

    [Fact]
    public async Task PartnerThatStopsSpeakingV2_AnswersUnimplemented_ItsMessagesGoOneACallAtOnce_NoAttemptLost()
    {
        await using var federation = await TestFederation.StartAsync(["FR", "DE"], cancellationToken: Ct);
        var fr = federation["FR"];
        var protocols = fr.Services.GetRequiredService<PartnerProtocols>();
        await Eventually.UntilAsync(async () => await protocols.EnvelopesPerCallAsync(JurisdictionCode.Parse("DE"), Ct), n => n == 32, "FR to learn that DE takes batches");
        // DE's operators turn batches off (or roll back to a node from before them) while FR still holds DE's old answer.
        var de = await federation.StartAgainAsync("DE", new Dictionary<string, string?> { ["Federation:Peer:MaxEnvelopesPerCall"] = "0" }, Ct);
        var dispatcher = DispatcherOf(fr);
        var batchedBefore = dispatcher.BatchedEnvelopes;

        var ids = await SendAsync(fr, 30);

        // One batch was tried and answered UNIMPLEMENTED; its envelopes went again one a call in the same attempt.
        Assert.True(dispatcher.BatchedEnvelopes > batchedBefore, "a batch was tried first");
        Assert.Equal(1, await protocols.EnvelopesPerCallAsync(JurisdictionCode.Parse("DE"), Ct));
        await AssertDeliveredOnceWithReceiptsAsync(fr, de, ids);
    }

    [Fact]
    public async Task SenderSetToOneACall_NeverBatches()
    {
        var settings = new Dictionary<string, string?> { ["Federation:Outbox:EnvelopesPerCall"] = "1" };
        await using var federation = await TestFederation.StartAsync(["FR", "DE"], extraSettings: settings, cancellationToken: Ct);
        var (fr, de) = (federation["FR"], federation["DE"]);

        var ids = await SendAsync(fr, 20);

        Assert.Equal(0, DispatcherOf(fr).BatchedEnvelopes);
        await AssertDeliveredOnceWithReceiptsAsync(fr, de, ids);
    }

    private static OutboxDispatcher DispatcherOf(TestNode node) =>
        node.Services.GetRequiredService<OutboxDispatcher>();

    /// <summary>Queues <paramref name="count"/> sealed summaries for DE at FR and waits until all are delivered.</summary>
    private static Task<List<string>> SendAsync(TestNode fr, int count) => SendAsync(fr, SealedSummaries.For(fr, "DE", count));

    private static async Task<List<string>> SendAsync(TestNode fr, IReadOnlyList<OutboxMessage> messages)
    {
        var count = messages.Count;
        var ids = messages.Select(m => m.Id).ToList();
        await SealedSummaries.EnqueueAsync(fr, messages, Ct);
        await Eventually.UntilAsync(async () =>
        {
            await using var scope = fr.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<FederationDbContext>().Outbox.CountAsync(m => ids.Contains(m.Id) && m.State == DeliveryState.Delivered, Ct);
        }, delivered => delivered == count, "every message delivered", TimeSpan.FromSeconds(60));
        return ids;
    }

    private static async Task AssertDeliveredOnceWithReceiptsAsync(TestNode fr, TestNode de, List<string> ids)
    {
        await using var frScope = fr.Services.CreateAsyncScope();
        var frDb = frScope.ServiceProvider.GetRequiredService<FederationDbContext>();
        Assert.All(await frDb.Outbox.Where(m => ids.Contains(m.Id)).ToListAsync(Ct), m => Assert.Equal(1, m.Attempts));
        // Kept under the heads of their calls, each read back whole and for its own message.
        var receipts = await frScope.ServiceProvider.GetRequiredService<Core.Delivery.IOutbox>().ReceiptsAsync(ids, Ct);
        Assert.Equal(ids.Order(StringComparer.Ordinal), receipts.Keys.Order(StringComparer.Ordinal));
        Assert.All(receipts, r => Assert.Equal(r.Key, Federation.Transparency.SignedReceipt.Parse(r.Value).Receipt.MessageId));
        await using var deScope = de.Services.CreateAsyncScope();
        Assert.Equal(ids.Count, await deScope.ServiceProvider.GetRequiredService<FederationDbContext>().Inbox.CountAsync(e => ids.Contains(e.MessageId), Ct));
    }
}
