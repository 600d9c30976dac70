using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using Federation.Contracts.V1;
using Federation.Core.Audit;
using Federation.Core.Identity;
using Federation.Core.Inbox;
using Federation.Node.Options;
using Federation.Node.Peers;
using Federation.Node.Security;
using Federation.Testing;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Options;

namespace Federation.Node.Tests;

/// <summary>
/// Batch seals (federation.v3) at a real FR node: DE signs a call's envelopes once, over their Merkle root. Each envelope
/// is still judged on its own: one altered envelope fails its own path and is refused in its place, the others stand,
/// and every envelope, taken out of its call, verifies alone with a verifier that never saw the call.
/// </summary>
public sealed class BatchSealTests(BorderFixture fixture) : IClassFixture<BorderFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Handshake_OfferingV3_SelectsIt_AndAnOlderSenderStillGetsV2()
    {
        var client = fixture.Fr.PeerClientAs(fixture.DeCertificate);

        var v3 = await client.HandshakeAsync(new HandshakeRequest
        {
            ProtocolVersions = { PeerClient.ProtocolVersion, PeerClient.BatchProtocolVersion, PeerClient.BatchSealProtocolVersion },
        }, cancellationToken: Ct);
        var v2 = await client.HandshakeAsync(new HandshakeRequest { ProtocolVersions = { PeerClient.ProtocolVersion, PeerClient.BatchProtocolVersion } }, cancellationToken: Ct);

        Assert.Equal(PeerClient.BatchSealProtocolVersion, v3.SelectedProtocolVersion);
        Assert.Equal(64, v3.MaxEnvelopesPerCall);
        Assert.Equal(PeerClient.BatchProtocolVersion, v2.SelectedProtocolVersion);
    }

    [Fact]
    public async Task SealedTogether_EveryEnvelopeIsTaken_AndEachVerifiesAloneOutOfItsCall()
    {
        var envelopes = Enumerable.Range(0, 5).Select(_ => fixture.Envelope(fixture.DeCertificate, "DE", caseUnique: Unique())).ToList();
        Seal(envelopes, fixture.DeCertificate);
        var verifier = fixture.Fr.Services.GetRequiredService<EnvelopeVerifier>();
        var (sealedBefore, verifiedBefore) = (verifier.BatchSealedEnvelopes, verifier.BatchSignaturesVerified);

        var answer = await BatchAsync(fixture.Fr.PeerClientAs(fixture.DeCertificate), envelopes);

        Assert.Equal(envelopes.Select(MessageIdOf), answer.Outcomes.Select(o => o.Ack.MessageId));
        Assert.All(answer.Outcomes, o => Assert.False(o.Ack.Duplicate));
        Assert.All(envelopes, e => Assert.True(e.Signature.IsEmpty));
        // One ECDSA verification for the call, at least: other tests' calls may run meanwhile, never fewer envelopes.
        Assert.True(verifier.BatchSealedEnvelopes - sealedBefore >= 5);
        Assert.InRange(verifier.BatchSignaturesVerified - verifiedBefore, 1, 5);

        // Out of its call: the bytes alone, to a verifier that has seen no signature yet.
        var alone = new EnvelopeVerifier(fixture.Fr.Services.GetRequiredService<PeerIdentityResolver>(),
            fixture.Fr.Services.GetRequiredService<IOptions<NodeOptions>>(), TimeProvider.System);
        var de = new PeerIdentity(JurisdictionCode.Parse("DE"), "test", DateTimeOffset.MaxValue);
        foreach (var envelope in envelopes)
        {
            var verified = alone.Verify(SignedEnvelope.Parser.ParseFrom(envelope.ToByteArray()), de);
            Assert.Equal(MessageIdOf(envelope), Assert.IsType<SummaryEnvelope>(verified).MessageId);
            // What a quarantine or an export keeps of it is the batch form, verifiable as it stands.
            Assert.NotNull(SignedEnvelope.Parser.ParseFrom(verified.Header.Sealed.ToArray()).BatchSeal);
        }

        Assert.Equal(1, alone.BatchSignaturesVerified);
        Assert.Equal(5, alone.BatchSealedEnvelopes);
    }

    public static TheoryData<string> Alterations() => ["content", "path", "index", "size", "seal-signature", "both-signatures", "no-signature-at-all", "path-too-long"];

    [Theory]
    [MemberData(nameof(Alterations))]
    public async Task OneEnvelopeOfASealedCall_Altered_IsRefusedAlone_TheOthersAreTaken(string how)
    {
        var envelopes = Enumerable.Range(0, 4).Select(_ => fixture.Envelope(fixture.DeCertificate, "DE", caseUnique: Unique())).ToList();
        var ownSignature = envelopes[1].Signature;
        Seal(envelopes, fixture.DeCertificate);
        var altered = envelopes[1];
        var seal = altered.BatchSeal;
        switch (how)
        {
            case "content":
                altered.Content = Flip(altered.Content);
                break;
            case "path":
                seal.Path[0] = Flip(seal.Path[0]);
                break;
            case "index":
                seal.Index = 2;
                break;
            case "size":
                seal.Size = 5;
                break;
            case "seal-signature":
                seal.Signature = Flip(seal.Signature);
                break;
            case "both-signatures":
                // Its own signature is valid, and so is the seal: carrying both is still ambiguous, and refused.
                altered.Signature = ownSignature;
                break;
            case "no-signature-at-all":
                altered.BatchSeal = null;
                break;
            case "path-too-long":
                // Longer than any batch of 1,024 has: refused before a byte of it is copied.
                seal.Path.AddRange(Enumerable.Range(0, 11).Select(_ => ByteString.CopyFrom(new byte[32])));
                break;
        }

        var answer = await BatchAsync(fixture.Fr.PeerClientAs(fixture.DeCertificate), envelopes);

        Assert.Equal(4, answer.Outcomes.Count);
        Assert.Equal(DeliveryOutcome.ResultOneofCase.Refusal, answer.Outcomes[1].ResultCase);
        Assert.Equal("SIGNATURE_INVALID", answer.Outcomes[1].Refusal.Reason);
        Assert.Equal((int)StatusCode.InvalidArgument, answer.Outcomes[1].Refusal.Code);
        foreach (var i in new[] { 0, 2, 3 })
        {
            Assert.Equal(MessageIdOf(envelopes[i]), answer.Outcomes[i].Ack.MessageId);
        }

        await using var scope = fixture.Fr.Services.CreateAsyncScope();
        var entries = await scope.ServiceProvider.GetRequiredService<IAuditLog>().ReadAsync(0, 100_000, Ct);
        Assert.Contains(entries, e => e.Kind == AuditKinds.EnvelopeRejected && e.Detail!.Contains("batch position=1", StringComparison.Ordinal)
            && e.Detail.Contains("SignatureInvalid", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ABatchSignatureByAnotherNodesKey_UnderDesCertificate_RefusesEveryEnvelope_AndIsNoEnvelopeSignature()
    {
        var forged = Enumerable.Range(0, 3).Select(_ => fixture.Envelope(fixture.DeCertificate, "DE", caseUnique: Unique())).ToList();
        using (var krKey = fixture.KrCertificate.GetECDsaPrivateKey()!)
        {
            BatchSeal.Apply(forged, krKey, ByteString.CopyFrom(fixture.DeCertificate.RawData));
        }

        // DE's genuine batch signature, moved into the envelope's own signature: it covers a root, not these bytes.
        var moved = Enumerable.Range(0, 2).Select(_ => fixture.Envelope(fixture.DeCertificate, "DE", caseUnique: Unique())).ToList();
        Seal(moved, fixture.DeCertificate);
        var reused = moved[0].Clone();
        reused.Signature = reused.BatchSeal.Signature;
        reused.BatchSeal = null;
        var client = fixture.Fr.PeerClientAs(fixture.DeCertificate);

        var forgedAnswer = await BatchAsync(client, forged);
        var reusedAlone = await Assert.ThrowsAsync<RpcException>(async () => await client.DeliverAsync(reused, cancellationToken: Ct));

        Assert.All(forgedAnswer.Outcomes, o => Assert.Equal("SIGNATURE_INVALID", o.Refusal.Reason));
        Assert.Equal(StatusCode.InvalidArgument, reusedAlone.StatusCode);
        Assert.Equal("SIGNATURE_INVALID", reusedAlone.GetRpcStatus()!.GetDetail<Google.Rpc.ErrorInfo>()!.Reason);
    }

    /// <summary>
    /// A countersignature is kept as its treaty's evidence, to show others: under a batch seal it is refused (our senders
    /// never seal one so), while the summary sealed beside it is taken.
    /// </summary>
    [Fact]
    public async Task ACountersignatureUnderABatchSeal_IsRefused_TheSummaryBesideItIsTaken()
    {
        var countersignature = fixture.Countersignature(fixture.DeCertificate, "DE", new string('b', 64));
        var summary = fixture.Envelope(fixture.DeCertificate, "DE", caseUnique: Unique());
        Seal([countersignature, summary], fixture.DeCertificate);

        var answer = await BatchAsync(fixture.Fr.PeerClientAs(fixture.DeCertificate), [countersignature, summary]);

        Assert.Equal("SIGNATURE_INVALID", answer.Outcomes[0].Refusal.Reason);
        Assert.Contains("its own signature", answer.Outcomes[0].Refusal.Message, StringComparison.Ordinal);
        Assert.Equal(MessageIdOf(summary), answer.Outcomes[1].Ack.MessageId);
    }

    private static void Seal(IReadOnlyList<SignedEnvelope> envelopes, X509Certificate2 signer)
    {
        using var key = signer.GetECDsaPrivateKey()!;
        BatchSeal.Apply(envelopes, key, ByteString.CopyFrom(signer.RawData));
    }

    private static ByteString Flip(ByteString bytes)
    {
        var copy = bytes.ToByteArray();
        copy[^1] ^= 0x01;
        return ByteString.CopyFrom(copy);
    }

    private static async Task<DeliverBatchResponse> BatchAsync(Peer.PeerClient client, IReadOnlyList<SignedEnvelope> envelopes)
    {
        var request = new DeliverBatchRequest { ProtocolVersion = PeerClient.BatchSealProtocolVersion };
        request.Envelopes.AddRange(envelopes);
        var headers = new Metadata { { PeerClient.BatchSizeHeader, envelopes.Count.ToString(CultureInfo.InvariantCulture) } };
        return await client.DeliverBatchAsync(request, headers, cancellationToken: Ct);
    }

    private static string MessageIdOf(SignedEnvelope envelope) => EnvelopeContent.Parser.ParseFrom(envelope.Content).MessageId;

    private static string Unique() => Ulid.NewUlid(TimeProvider.System);
}
