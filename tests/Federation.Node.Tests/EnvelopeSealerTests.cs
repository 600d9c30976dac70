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

    public void Dispose() => _folder.Dispose();
}
