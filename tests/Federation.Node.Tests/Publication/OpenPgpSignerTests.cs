using System.Text;
using Federation.Node.Publication;
using Microsoft.Extensions.Time.Testing;

namespace Federation.Node.Tests.Publication;

/// <summary>The node's OpenPGP key and detached signatures, checked with BouncyCastle as an independent reader would.</summary>
public sealed class OpenPgpSignerTests
{
    private static readonly byte[] Document = Encoding.UTF8.GetBytes("{\n  \"document\": {}\n}");

    [Fact]
    public void Generate_SignDetached_VerifiesAgainstThePublicKeyAndATamperedDocumentFails()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
        var (signer, _) = OpenPgpSigner.Generate("CERT-FR (CSAF signing key)", clock);
        clock.Advance(TimeSpan.FromMinutes(5));

        var signature = signer.SignDetached(Document);
        var tampered = (byte[])Document.Clone();
        tampered[^2] ^= 0x01;

        Assert.StartsWith("-----BEGIN PGP SIGNATURE-----", signature, StringComparison.Ordinal);
        Assert.StartsWith("-----BEGIN PGP PUBLIC KEY BLOCK-----", signer.PublicKeyArmored, StringComparison.Ordinal);
        Assert.Matches("^[0-9A-F]{40}$", signer.Fingerprint);
        Assert.Equal(signer.Fingerprint, OpenPgpVerification.Fingerprint(signer.PublicKeyArmored));
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero), signer.CreatedAt);
        Assert.True(OpenPgpVerification.Verifies(signer.PublicKeyArmored, signature, Document));
        Assert.False(OpenPgpVerification.Verifies(signer.PublicKeyArmored, signature, tampered));
    }

    [Fact]
    public void Load_TheArmouredSecretKeyItWrote_SameFingerprintAndItsSignaturesVerify()
    {
        var (generated, secret) = OpenPgpSigner.Generate("BSI (CSAF signing key)", TimeProvider.System);

        var loaded = OpenPgpSigner.Load(secret, passphrase: null, TimeProvider.System);

        Assert.StartsWith("-----BEGIN PGP PRIVATE KEY BLOCK-----", secret, StringComparison.Ordinal);
        Assert.Equal(generated.Fingerprint, loaded.Fingerprint);
        Assert.True(OpenPgpVerification.Verifies(generated.PublicKeyArmored, loaded.SignDetached(Document), Document));
    }

    [Fact]
    public void Load_NotAKeyRing_Throws()
    {
        Assert.ThrowsAny<Exception>(() => OpenPgpSigner.Load("-----BEGIN PGP PRIVATE KEY BLOCK-----\n\nAAAA\n-----END PGP PRIVATE KEY BLOCK-----\n", null, TimeProvider.System));
    }
}
