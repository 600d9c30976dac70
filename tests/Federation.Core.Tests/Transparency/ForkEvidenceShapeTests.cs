using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Federation.Core.Transparency;
using Federation.Transparency;

namespace Federation.Core.Tests.Transparency;

/// <summary>What a fork's evidence keeps beside the two notes: the certificate that verified each, and a failing proof.</summary>
public sealed class ForkEvidenceShapeTests
{
    private static readonly Checkpoint Head = new("federation.audit/de", 42, SHA256.HashData("root"u8), DateTimeOffset.FromUnixTimeMilliseconds(1764650000123));

    [Fact]
    public void Verifying_TakesTheCertificateWhoseKeyOpensTheNote_NotOneWithAnotherKey()
    {
        using var signing = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var note = new NoteSigner("federation.audit/de", signing).Sign(Head).Format();
        var right = SelfSigned(signing);
        var wrong = SelfSigned(other);

        Assert.Equal(right, SignerCertificate.Verifying([wrong, [1, 2, 3], right], "federation.audit/de", note));
        Assert.Null(SignerCertificate.Verifying([wrong, [1, 2, 3]], "federation.audit/de", note));
        // The right key under another log's name opens nothing.
        Assert.Null(SignerCertificate.Verifying([right], "federation.audit/jp", note));
    }

    [Fact]
    public void Keepable_AProofOfAProofsShape_RoundTripsThroughItsText_AnyOtherIsNotKept()
    {
        byte[][] hashes = [SHA256.HashData("a"u8), SHA256.HashData("b"u8)];

        var kept = FailedConsistencyProof.Keepable(3, 42, hashes)!;

        Assert.Equal(hashes, FailedConsistencyProof.ParseHashes(kept.HashesText()));
        Assert.Empty(FailedConsistencyProof.ParseHashes(FailedConsistencyProof.Keepable(3, 42, [])!.HashesText()));
        Assert.Null(FailedConsistencyProof.Keepable(3, 42, [.. Enumerable.Repeat(hashes[0], FailedConsistencyProof.MaxHashes + 1)]));
        Assert.Null(FailedConsistencyProof.Keepable(3, 42, [hashes[0], new byte[33]]));
        Assert.NotNull(FailedConsistencyProof.Keepable(3, 42, [.. Enumerable.Repeat(hashes[0], FailedConsistencyProof.MaxHashes)]));
    }

    private static byte[] SelfSigned(ECDsa key)
    {
        var request = new CertificateRequest("CN=Federation node DE", key, HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return certificate.RawData;
    }
}
