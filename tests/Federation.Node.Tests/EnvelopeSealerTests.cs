using System.Security.Cryptography.X509Certificates;
using Federation.Contracts.V1;
using Federation.Core.Envelopes;
using Federation.Core.Identity;
using Federation.Node.Security;
using Federation.Testing;

namespace Federation.Node.Tests;

/// <summary>Messages queued before a certificate renewal are signed again with the current key when they leave.</summary>
public sealed class EnvelopeSealerTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    [Fact]
    public void ResignIfStale_SealedUnderOldCertificate_NewSignatureSameContent()
    {
        var pki = new TestPki(_folder.Path);
        using var old = pki.Node("FR");
        using var renewed = pki.Node("FR");
        using var oldSealer = new EnvelopeSealer(new LocalNode(JurisdictionCode.Parse("FR")), old);
        using var sealer = new EnvelopeSealer(new LocalNode(JurisdictionCode.Parse("FR")), renewed);
        var queued = oldSealer.SealWithdrawal("FR-M-01JD3Q5V7X8Y9Z0A1B2C3D4E5F", JurisdictionCode.Parse("DE"),
            FederationCaseId.Parse("FR-01JD3Q5V7X8Y9Z0A1B2C3D4E5F"), 3, DateTimeOffset.UtcNow);

        var sent = SignedEnvelope.Parser.ParseFrom(sealer.ResignIfStale(queued));
        var before = SignedEnvelope.Parser.ParseFrom(queued);

        Assert.Equal(before.Content, sent.Content);
        Assert.Equal(renewed.RawData, sent.SignerCertificate.ToByteArray());
        using var key = renewed.GetECDsaPublicKey()!;
        Assert.True(EnvelopeSignature.Verify(sent.Content.Span, sent.Signature.Span, key));
        Assert.Same(queued, oldSealer.ResignIfStale(queued));

        // What the sender puts on the wire is the same envelope, parsed once.
        var forSending = sealer.ForSending(queued);
        Assert.Equal(before.Content, forSending.Content);
        Assert.Equal(renewed.RawData, forSending.SignerCertificate.ToByteArray());
        Assert.True(EnvelopeSignature.Verify(forSending.Content.Span, forSending.Signature.Span, key));
        Assert.Equal(before, oldSealer.ForSending(queued));
    }

    /// <summary>
    /// A call's envelopes for a federation.v3 partner: those marked go under one signature over their root, by the current
    /// key even when they were queued under an old certificate; the others keep their own signatures, re-signed when stale.
    /// </summary>
    [Fact]
    public void ForSendingSealedTogether_MarkedEnvelopesShareOneSignature_TheOthersKeepTheirOwn()
    {
        var pki = new TestPki(_folder.Path);
        using var old = pki.Node("FR");
        using var renewed = pki.Node("FR");
        using var oldSealer = new EnvelopeSealer(new LocalNode(JurisdictionCode.Parse("FR")), old);
        using var sealer = new EnvelopeSealer(new LocalNode(JurisdictionCode.Parse("FR")), renewed);
        var queued = Enumerable.Range(0, 4).Select(i => oldSealer.SealWithdrawal($"FR-M-01JD3Q5V7X8Y9Z0A1B2C3D4E5{i}", JurisdictionCode.Parse("DE"),
            FederationCaseId.Parse("FR-01JD3Q5V7X8Y9Z0A1B2C3D4E5F"), i + 1, DateTimeOffset.UtcNow)).ToList();
        using var key = renewed.GetECDsaPublicKey()!;

        var sent = sealer.ForSendingSealedTogether(queued, [true, false, true, true]);
        var alone = sealer.ForSendingSealedTogether(queued[..2], [true, false]);

        Assert.Equal(queued.Select(q => SignedEnvelope.Parser.ParseFrom(q).Content), sent.Select(e => e.Content));
        Assert.All(sent, e => Assert.Equal(renewed.RawData, e.SignerCertificate.ToByteArray()));
        var together = sent.Where((_, i) => i != 1).ToList();
        Assert.Equal([0UL, 1UL, 2UL], together.Select(e => e.BatchSeal.Index));
        Assert.All(together, e =>
        {
            Assert.True(e.Signature.IsEmpty);
            Assert.Equal(3UL, e.BatchSeal.Size);
            var root = EnvelopeBatchSignature.RootOf(e.Content.Span, e.BatchSeal.Index, e.BatchSeal.Size, [.. e.BatchSeal.Path.Select(p => p.ToByteArray())]);
            Assert.True(EnvelopeBatchSignature.Verify(3, root, e.BatchSeal.Signature.Span, key));
        });
        Assert.Null(sent[1].BatchSeal);
        Assert.True(EnvelopeSignature.Verify(sent[1].Content.Span, sent[1].Signature.Span, key));
        // One marked envelope is no batch: it keeps a signature of its own.
        Assert.All(alone, e => Assert.Null(e.BatchSeal));
        Assert.All(alone, e => Assert.True(EnvelopeSignature.Verify(e.Content.Span, e.Signature.Span, key)));
    }

    /// <summary>Embargo signals (relayed on) and countersignatures (kept as a treaty's evidence) always travel with their own signature.</summary>
    [Fact]
    public void OnlySummariesWithdrawalsAndPublications_MayShareASignature()
    {
        var pki = new TestPki(_folder.Path);
        using var certificate = pki.Node("FR");
        using var sealer = new EnvelopeSealer(new LocalNode(JurisdictionCode.Parse("FR")), certificate);
        var withdrawal = sealer.SealWithdrawal("FR-M-01JD3Q5V7X8Y9Z0A1B2C3D4E5F", JurisdictionCode.Parse("DE"),
            FederationCaseId.Parse("FR-01JD3Q5V7X8Y9Z0A1B2C3D4E5F"), 1, DateTimeOffset.UtcNow);
        var countersignature = sealer.SealCountersignature("FR-M-01JD3Q5V7X8Y9Z0A1B2C3D4E5G", JurisdictionCode.Parse("DE"),
            new Core.Treaties.Countersignature("t", 1, new string('a', 64)), DateTimeOffset.UtcNow);
        var signal = sealer.SealEmbargoSignal("FR-M-01JD3Q5V7X8Y9Z0A1B2C3D4E5H", JurisdictionCode.Parse("DE"),
            new Core.Embargoes.EmbargoSignal("FR-M-01JD3Q5V7X8Y9Z0A1B2C3D4E5H", FederationCaseId.Parse("FR-01JD3Q5V7X8Y9Z0A1B2C3D4E5F"), JurisdictionCode.Parse("FR"),
                Core.Embargoes.EmbargoSignalKind.Propose, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(3)),
            null, DateTimeOffset.UtcNow);

        Assert.True(Outbox.SentEnvelopeFacts.Of(withdrawal).MayShareSignature);
        Assert.False(Outbox.SentEnvelopeFacts.Of(countersignature).MayShareSignature);
        Assert.False(Outbox.SentEnvelopeFacts.Of(signal).MayShareSignature);
    }

    public void Dispose() => _folder.Dispose();
}
