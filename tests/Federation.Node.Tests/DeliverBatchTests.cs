using System.Globalization;
using System.Security.Cryptography;
using Federation.Contracts.V1;
using Federation.Core.Audit;
using Federation.Node.Peers;
using Federation.Testing;
using Federation.Transparency;
using Google.Protobuf;
using Grpc.Core;

namespace Federation.Node.Tests;

/// <summary>
/// DeliverBatch (federation.v2) at a real FR node: every envelope of a call is judged on its own, exactly as Deliver
/// judges it alone, and the call is refused whole only for what concerns all of it.
/// </summary>
public sealed class DeliverBatchTests(BorderFixture fixture) : IClassFixture<BorderFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Handshake_AskingForV2_SelectsItAndTellsHowManyEnvelopesACall()
    {
        var answer = await fixture.Fr.PeerClientAs(fixture.DeCertificate).HandshakeAsync(
            new HandshakeRequest { ProtocolVersions = { PeerClient.ProtocolVersion, PeerClient.BatchProtocolVersion } }, cancellationToken: Ct);
        var oldAnswer = await fixture.Fr.PeerClientAs(fixture.DeCertificate).HandshakeAsync(
            new HandshakeRequest { ProtocolVersions = { PeerClient.ProtocolVersion } }, cancellationToken: Ct);

        Assert.Equal(PeerClient.BatchProtocolVersion, answer.SelectedProtocolVersion);
        Assert.Equal(64, answer.MaxEnvelopesPerCall);
        // The fixture's FR takes messages of 64 KiB at most: a sender keeps its batches under half of that.
        Assert.Equal(65536, answer.MaxMessageBytes);
        Assert.Equal([PeerClient.ProtocolVersion, PeerClient.BatchProtocolVersion, PeerClient.BatchSealProtocolVersion], answer.ProtocolVersions);
        // A sender from before batches is answered as before.
        Assert.Equal(PeerClient.ProtocolVersion, oldAnswer.SelectedProtocolVersion);
        Assert.Equal(0, oldAnswer.MaxEnvelopesPerCall);
    }

    [Fact]
    public async Task DeliverBatch_OneAlteredEnvelope_IsRefusedInItsPlaceAsDeliverRefusesIt_TheOthersAreTaken()
    {
        var first = fixture.Envelope(fixture.DeCertificate, "DE", caseUnique: Unique());
        var altered = fixture.Envelope(fixture.DeCertificate, "DE", caseUnique: Unique());
        var content = altered.Content.ToByteArray();
        content[^1] ^= 0x01;
        altered.Content = ByteString.CopyFrom(content);
        var forbidden = fixture.Envelope(fixture.DeCertificate, "DE", caseUnique: Unique(), fields: [("title", "t"), ("reporter_name", "Batch Secret Name")]);
        var last = fixture.Envelope(fixture.DeCertificate, "DE", caseUnique: Unique());
        var client = fixture.Fr.PeerClientAs(fixture.DeCertificate);

        var answer = await BatchAsync(client, [first, altered, forbidden, last]);
        var alone = await Assert.ThrowsAsync<RpcException>(async () => await client.DeliverAsync(altered, cancellationToken: Ct));
        var forbiddenAlone = await Assert.ThrowsAsync<RpcException>(async () => await client.DeliverAsync(forbidden, cancellationToken: Ct));

        Assert.Equal(4, answer.Outcomes.Count);
        Assert.Equal(MessageIdOf(first), answer.Outcomes[0].Ack.MessageId);
        Assert.Equal(MessageIdOf(last), answer.Outcomes[3].Ack.MessageId);
        Assert.All(new[] { answer.Outcomes[0], answer.Outcomes[3] }, o =>
        {
            Assert.False(o.Ack.Duplicate);
            Assert.NotEmpty(o.Ack.Receipt);
        });
        AssertSameRefusal(alone, answer.Outcomes[1]);
        AssertSameRefusal(forbiddenAlone, answer.Outcomes[2]);
        Assert.Equal("SIGNATURE_INVALID", answer.Outcomes[1].Refusal.Reason);

        await using var scope = fixture.Fr.Services.CreateAsyncScope();
        var entries = await scope.ServiceProvider.GetRequiredService<IAuditLog>().ReadAsync(0, 100_000, Ct);
        Assert.Contains(entries, e => e.Kind == AuditKinds.EnvelopeRejected && e.Detail!.Contains("batch position=1", StringComparison.Ordinal));
        Assert.DoesNotContain(entries, e => (e.Detail ?? string.Empty).Contains("Batch Secret Name", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DeliverBatch_SentAgain_EveryEnvelopeIsADuplicate_AndOneTwiceInACallIsTakenOnce()
    {
        var a = fixture.Envelope(fixture.DeCertificate, "DE", caseUnique: Unique());
        var b = fixture.Envelope(fixture.DeCertificate, "DE", caseUnique: Unique());
        var client = fixture.Fr.PeerClientAs(fixture.DeCertificate);

        var firstTime = await BatchAsync(client, [a, b, a]);
        var again = await BatchAsync(client, [a, b]);

        Assert.False(firstTime.Outcomes[0].Ack.Duplicate);
        Assert.False(firstTime.Outcomes[1].Ack.Duplicate);
        Assert.True(firstTime.Outcomes[2].Ack.Duplicate);
        Assert.All(again.Outcomes, o => Assert.True(o.Ack.Duplicate));
    }

    /// <summary>
    /// A caller that asks for one receipt head gets it instead of a whole receipt in every acknowledgement: the log
    /// index of each envelope it took, and one signed note over the receipts of those, in order, from which the caller
    /// rebuilds each receipt whole (signed by FR's log key, opening on its own). A refused envelope has no index.
    /// </summary>
    [Fact]
    public async Task DeliverBatch_AskingForOneReceiptHead_GetsIndicesAndOneSignedNote_EachReceiptRebuildsWhole()
    {
        var envelopes = new[]
        {
            fixture.Envelope(fixture.DeCertificate, "DE", caseUnique: Unique()),
            fixture.Envelope(fixture.DeCertificate, "DE", caseUnique: Unique(), fields: [("title", "t"), ("reporter_name", "Head Secret Name")]),
            fixture.Envelope(fixture.DeCertificate, "DE", caseUnique: Unique()),
            fixture.Envelope(fixture.DeCertificate, "DE", caseUnique: Unique()),
        };
        var lone = fixture.Envelope(fixture.DeCertificate, "DE", caseUnique: Unique());
        var client = fixture.Fr.PeerClientAs(fixture.DeCertificate);

        var answer = await BatchAsync(client, envelopes, receiptHead: true);
        var loneAnswer = await BatchAsync(client, [lone, envelopes[0]], receiptHead: true);
        var one = fixture.Envelope(fixture.DeCertificate, "DE", caseUnique: Unique());
        var oneAnswer = await BatchAsync(client, [one], receiptHead: true);
        var whole = await BatchAsync(client, [fixture.Envelope(fixture.DeCertificate, "DE", caseUnique: Unique())]);

        var frKey = fixture.Fr.Services.GetRequiredService<Transparency.LogKeyring>().Current.PublicKey;
        var log = Core.Transparency.AuditLogName.Of(Core.Identity.JurisdictionCode.Parse("FR"));
        Assert.Equal(DeliveryOutcome.ResultOneofCase.Refusal, answer.Outcomes[1].ResultCase);
        var taken = new[] { 0, 2, 3 };
        Assert.All(taken, i =>
        {
            Assert.Empty(answer.Outcomes[i].Ack.Receipt);
            Assert.True(answer.Outcomes[i].Ack.HasReceiptIndex);
        });
        var promised = taken.Select(i => new LogReceipt(log, answer.Outcomes[i].Ack.ReceiptIndex, MessageIdOf(envelopes[i]), SHA256.HashData(envelopes[i].Content.Span))).ToList();
        var rebuilt = SignedReceipt.UnderHead(SignedNote.Parse(answer.ReceiptHead), promised);
        Assert.All(rebuilt, r => Assert.True(SignedReceipt.Open(r.Format(), [frKey]).IsBatched));
        Assert.Equal(3, promised.Select(p => p.Index).Distinct().Count());
        // The head holds for these receipts only: another index under it is refused.
        Assert.Throws<FormatException>(() => SignedReceipt.UnderHead(SignedNote.Parse(answer.ReceiptHead), [promised[0], promised[1], promised[2] with { Index = promised[2].Index + 1 }]));

        // A duplicate is logged again (its own leaf, promised like any other); a call of one has its own signed receipt as its head.
        Assert.True(loneAnswer.Outcomes[1].Ack.Duplicate);
        Assert.True(loneAnswer.Outcomes[1].Ack.HasReceiptIndex);
        Assert.NotEqual(promised[0].Index, loneAnswer.Outcomes[1].Ack.ReceiptIndex);
        Assert.Equal(2, SignedReceipt.UnderHead(SignedNote.Parse(loneAnswer.ReceiptHead),
        [
            new LogReceipt(log, loneAnswer.Outcomes[0].Ack.ReceiptIndex, MessageIdOf(lone), SHA256.HashData(lone.Content.Span)),
            new LogReceipt(log, loneAnswer.Outcomes[1].Ack.ReceiptIndex, MessageIdOf(envelopes[0]), SHA256.HashData(envelopes[0].Content.Span)),
        ]).Count);
        var single = SignedReceipt.UnderHead(SignedNote.Parse(oneAnswer.ReceiptHead),
            [new LogReceipt(log, oneAnswer.Outcomes[0].Ack.ReceiptIndex, MessageIdOf(one), SHA256.HashData(one.Content.Span))]);
        Assert.False(SignedReceipt.Open(Assert.Single(single).Format(), [frKey]).IsBatched);

        // Not asked for: a whole receipt in the acknowledgement, as before.
        Assert.Empty(whole.ReceiptHead);
        Assert.False(whole.Outcomes[0].Ack.HasReceiptIndex);
        Assert.NotEmpty(SignedReceipt.Open(whole.Outcomes[0].Ack.Receipt, [frKey]).Receipt.MessageId);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("zero")]
    [InlineData("0")]
    [InlineData("1")]
    public async Task DeliverBatch_WithoutAnHonestDeclaredSize_InvalidArgument_NothingStored(string? declared)
    {
        var a = fixture.Envelope(fixture.DeCertificate, "DE", caseUnique: Unique());
        var b = fixture.Envelope(fixture.DeCertificate, "DE", caseUnique: Unique());
        var client = fixture.Fr.PeerClientAs(fixture.DeCertificate);

        var refused = await Assert.ThrowsAsync<RpcException>(async () => await BatchAsync(client, [a, b], declared));
        var honest = await BatchAsync(client, [a, b]);

        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
        Assert.Contains(PeerClient.BatchSizeHeader, refused.Status.Detail, StringComparison.Ordinal);
        // Refused whole: neither envelope was stored, so both are new when sent honestly.
        Assert.All(honest.Outcomes, o => Assert.False(o.Ack.Duplicate));
    }

    [Fact]
    public async Task DeliverBatch_WrongProtocolVersionOrNoEnvelopes_RefusedWhole()
    {
        var client = fixture.Fr.PeerClientAs(fixture.DeCertificate);
        var wrongVersion = new DeliverBatchRequest { ProtocolVersion = PeerClient.ProtocolVersion, Envelopes = { fixture.Envelope(fixture.DeCertificate, "DE", caseUnique: Unique()) } };

        var version = await Assert.ThrowsAsync<RpcException>(async () => await client.DeliverBatchAsync(wrongVersion, Declared(1), cancellationToken: Ct));
        var empty = await Assert.ThrowsAsync<RpcException>(async () =>
            await client.DeliverBatchAsync(new DeliverBatchRequest { ProtocolVersion = PeerClient.BatchProtocolVersion }, Declared(1), cancellationToken: Ct));

        Assert.Equal(StatusCode.FailedPrecondition, version.StatusCode);
        Assert.Equal("PROTOCOL_VERSION_UNSUPPORTED", version.GetRpcStatus()!.GetDetail<Google.Rpc.ErrorInfo>()!.Reason);
        Assert.Equal(StatusCode.InvalidArgument, empty.StatusCode);
    }

    [Fact]
    public async Task DeliverBatch_FromAPinnedNonParty_EachEnvelopeRefusedAsDeliverRefusesIt()
    {
        var kr = fixture.Envelope(fixture.KrCertificate, "KR", caseUnique: Unique());
        var client = fixture.Fr.PeerClientAs(fixture.KrCertificate);

        var answer = await BatchAsync(client, [kr]);
        var alone = await Assert.ThrowsAsync<RpcException>(async () => await client.DeliverAsync(kr, cancellationToken: Ct));

        AssertSameRefusal(alone, Assert.Single(answer.Outcomes));
        Assert.Equal(StatusCode.PermissionDenied, alone.StatusCode);
    }

    private static void AssertSameRefusal(RpcException alone, DeliveryOutcome inBatch)
    {
        Assert.Equal(DeliveryOutcome.ResultOneofCase.Refusal, inBatch.ResultCase);
        Assert.Equal((int)alone.StatusCode, inBatch.Refusal.Code);
        Assert.Equal(alone.GetRpcStatus()!.GetDetail<Google.Rpc.ErrorInfo>()!.Reason, inBatch.Refusal.Reason);
    }

    private static async Task<DeliverBatchResponse> BatchAsync(Peer.PeerClient client, IReadOnlyList<SignedEnvelope> envelopes, string? declared = "", bool receiptHead = false)
    {
        var request = new DeliverBatchRequest { ProtocolVersion = PeerClient.BatchProtocolVersion, ReceiptHead = receiptHead };
        request.Envelopes.AddRange(envelopes);
        var headers = new Metadata();
        if (declared is not null)
        {
            headers.Add(PeerClient.BatchSizeHeader, declared.Length == 0 ? envelopes.Count.ToString(CultureInfo.InvariantCulture) : declared);
        }

        return await client.DeliverBatchAsync(request, headers, cancellationToken: Ct);
    }

    private static Metadata Declared(int count) => new() { { PeerClient.BatchSizeHeader, count.ToString(CultureInfo.InvariantCulture) } };

    private static string MessageIdOf(SignedEnvelope envelope) => EnvelopeContent.Parser.ParseFrom(envelope.Content).MessageId;

    private static string Unique() => Core.Identity.Ulid.NewUlid(TimeProvider.System);
}
