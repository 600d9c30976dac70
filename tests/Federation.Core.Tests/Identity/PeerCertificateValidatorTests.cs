using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Federation.Core.Identity;

namespace Federation.Core.Tests.Identity;

public sealed class PeerCertificateValidatorTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    [Fact]
    public void Validate_NodeOfPinnedCa_ReturnsItsJurisdiction()
    {
        using var frCa = Ca("FR");
        using var node = Node(frCa, "FR", Now.AddDays(-1), Now.AddDays(30));

        var identity = Validator(("FR", frCa)).Validate(node, Now);

        Assert.Equal("FR", identity.Jurisdiction.Value);
    }

    [Fact]
    public void Validate_FranceIssuedClaimingGermany_PermissionDenied()
    {
        using var frCa = Ca("FR");
        using var deCa = Ca("DE");
        using var impostor = Node(frCa, "DE", Now.AddDays(-1), Now.AddDays(30));

        var error = Assert.Throws<FederationException>(() => Validator(("FR", frCa), ("DE", deCa)).Validate(impostor, Now));

        Assert.Equal(ErrorCode.PermissionDenied, error.Code);
    }

    [Fact]
    public void Validate_UnpinnedCa_Unauthenticated()
    {
        using var frCa = Ca("FR");
        using var otherCa = Ca("FR");
        using var node = Node(otherCa, "FR", Now.AddDays(-1), Now.AddDays(30));

        var error = Assert.Throws<FederationException>(() => Validator(("FR", frCa)).Validate(node, Now));

        Assert.Equal(ErrorCode.Unauthenticated, error.Code);
        Assert.Contains("does not chain to any pinned jurisdiction anchor", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_AtATimeAfterExpiry_Unauthenticated()
    {
        using var frCa = Ca("FR");
        using var node = Node(frCa, "FR", Now.AddDays(-1), Now.AddDays(1));

        var error = Assert.Throws<FederationException>(() => Validator(("FR", frCa)).Validate(node, Now.AddDays(2)));

        Assert.Equal(ErrorCode.Unauthenticated, error.Code);
        Assert.Contains("expired", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NoSanUri_Unauthenticated()
    {
        using var frCa = Ca("FR");
        using var node = Node(frCa, null, Now.AddDays(-1), Now.AddDays(30));

        var error = Assert.Throws<FederationException>(() => Validator(("FR", frCa)).Validate(node, Now));

        Assert.Equal(ErrorCode.Unauthenticated, error.Code);
    }

    [Theory]
    [InlineData(new[] { NodeCertificatePolicy.ServerAuth }, X509KeyUsageFlags.DigitalSignature, false, "p256", "lacks clientAuth")]
    [InlineData(new[] { "1.3.6.1.5.5.7.3.3" }, X509KeyUsageFlags.DigitalSignature, false, "p256", "lacks clientAuth (it has codeSigning)")]
    [InlineData(new string[0], X509KeyUsageFlags.DigitalSignature, false, "p256", "no extended key usage")]
    [InlineData(null, X509KeyUsageFlags.KeyAgreement, false, "p256", "digitalSignature")]
    [InlineData(null, X509KeyUsageFlags.None, false, "p256", "no key usage")]
    [InlineData(null, X509KeyUsageFlags.DigitalSignature, true, "p256", "CA certificate")]
    [InlineData(null, X509KeyUsageFlags.DigitalSignature, false, "rsa2048", "2048 bits")]
    [InlineData(null, X509KeyUsageFlags.DigitalSignature, false, "p521", "P-256 or P-384")]
    public void Validate_CallerLeafOutsidePolicy_UnauthenticatedSayingWhy(string[]? ekus, X509KeyUsageFlags keyUsage, bool isCa, string key, string expected)
    {
        using var deCa = Ca("DE");
        using var leaf = Leaf(deCa, JurisdictionUri.Prefix + "DE", Now.AddDays(-1), Now.AddDays(30), ekus, keyUsage, isCa, key);

        var error = Assert.Throws<FederationException>(() => Validator(("DE", deCa)).Validate(leaf, Now));

        Assert.Equal(ErrorCode.Unauthenticated, error.Code);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("p384")]
    [InlineData("rsa3072")]
    public void Validate_AllowedKeys_Accepted(string key)
    {
        using var deCa = Ca("DE");
        using var leaf = Leaf(deCa, JurisdictionUri.Prefix + "DE", Now.AddDays(-1), Now.AddDays(30), key: key);

        Assert.Equal("DE", Validator(("DE", deCa)).Validate(leaf, Now).Jurisdiction.Value);
    }

    [Fact]
    public void Validate_ServerRole_NeedsServerAuth()
    {
        using var deCa = Ca("DE");
        using var clientOnly = Leaf(deCa, JurisdictionUri.Prefix + "DE", Now.AddDays(-1), Now.AddDays(30), ekus: [NodeCertificatePolicy.ClientAuth]);
        var validator = Validator(("DE", deCa));

        Assert.Equal("DE", validator.Validate(clientOnly, Now, role: CertificateRole.Client).Jurisdiction.Value);
        var error = Assert.Throws<FederationException>(() => validator.Validate(clientOnly, Now, role: CertificateRole.Server));
        Assert.Contains("lacks serverAuth", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("urn:federation:jurisdiction:de")]
    [InlineData("URN:FEDERATION:JURISDICTION:DE")]
    [InlineData("urn:Federation:jurisdiction:DE")]
    public void Validate_SanUriNotCanonical_Unauthenticated(string sanUri)
    {
        using var deCa = Ca("DE");
        using var leaf = Leaf(deCa, sanUri, Now.AddDays(-1), Now.AddDays(30));

        var error = Assert.Throws<FederationException>(() => Validator(("DE", deCa)).Validate(leaf, Now));

        Assert.Equal(ErrorCode.Unauthenticated, error.Code);
        Assert.Contains("must be exactly urn:federation:jurisdiction:XX", error.Message, StringComparison.Ordinal);
        Assert.Empty(JurisdictionUri.Read(leaf));
    }

    [Fact]
    public void TrustAnchors_SameCaForTwoJurisdictions_Rejected()
    {
        using var ca = Ca("FR");

        Assert.Throws<FederationException>(() => Validator(("FR", ca), ("DE", ca)));
    }

    private static PeerCertificateValidator Validator(params (string Jurisdiction, X509Certificate2 Ca)[] anchors) =>
        new(new TrustAnchors(anchors.ToDictionary(a => JurisdictionCode.Parse(a.Jurisdiction), a => (IReadOnlyList<X509Certificate2>)[a.Ca])));

    private static X509Certificate2 Ca(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name} CA {Guid.NewGuid():N}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        return request.CreateSelfSigned(Now.AddYears(-1), Now.AddYears(1));
    }

    /// <summary>
    /// One connection's certificate is judged by several calls at once (HTTP/2): each must see both its extended key
    /// usages, however the threads meet at the first decode. A fresh certificate object each round, since only the first
    /// decode of an object can race; the number of rounds is bounded.
    /// </summary>
    [Fact]
    public void Problem_JudgedByManyThreadsAtOnce_EverySeesBothUsages()
    {
        using var frCa = Ca("FR");
        using var node = Node(frCa, "FR", Now.AddDays(-1), Now.AddDays(30));
        var der = node.RawData;
        var problems = new System.Collections.Concurrent.ConcurrentBag<string>();
        for (var round = 0; round < 300; round++)
        {
            using var shared = X509CertificateLoader.LoadCertificate(der);
            using var start = new Barrier(4);
            var threads = Enumerable.Range(0, 4).Select(i => new Thread(() =>
            {
                start.SignalAndWait();
                if (NodeCertificatePolicy.Problem(shared, i % 2 == 0 ? CertificateRole.Client : CertificateRole.Server) is { } problem)
                {
                    problems.Add(problem);
                }
            })).ToList();
            threads.ForEach(t => t.Start());
            threads.ForEach(t => t.Join());
        }

        Assert.Empty(problems);
    }

    private static X509Certificate2 Node(X509Certificate2 issuer, string? claimed, DateTimeOffset notBefore, DateTimeOffset notAfter) =>
        Leaf(issuer, claimed is null ? null : JurisdictionUri.Prefix + claimed, notBefore, notAfter);

    /// <summary>A leaf issued by <paramref name="issuer"/>; by default a proper node certificate (P-256, digitalSignature, clientAuth+serverAuth, CA:FALSE).</summary>
    private static X509Certificate2 Leaf(
        X509Certificate2 issuer, string? sanUri, DateTimeOffset notBefore, DateTimeOffset notAfter,
        string[]? ekus = null, X509KeyUsageFlags keyUsage = X509KeyUsageFlags.DigitalSignature, bool isCa = false, string key = "p256")
    {
        using var ecdsa = key switch
        {
            "p256" => ECDsa.Create(ECCurve.NamedCurves.nistP256),
            "p384" => ECDsa.Create(ECCurve.NamedCurves.nistP384),
            "p521" => ECDsa.Create(ECCurve.NamedCurves.nistP521),
            _ => null,
        };
        using var rsa = key.StartsWith("rsa", StringComparison.Ordinal) ? RSA.Create(int.Parse(key[3..], System.Globalization.CultureInfo.InvariantCulture)) : null;
        var request = ecdsa is not null
            ? new CertificateRequest("CN=node", ecdsa, HashAlgorithmName.SHA256)
            : new CertificateRequest("CN=node", rsa!, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(isCa, false, 0, true));
        if (keyUsage != X509KeyUsageFlags.None)
        {
            request.CertificateExtensions.Add(new X509KeyUsageExtension(keyUsage, true));
        }

        ekus ??= [NodeCertificatePolicy.ClientAuth, NodeCertificatePolicy.ServerAuth];
        if (ekus.Length > 0)
        {
            var oids = new OidCollection();
            foreach (var eku in ekus)
            {
                oids.Add(new Oid(eku));
            }

            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(oids, false));
        }

        if (sanUri is not null)
        {
            var san = new SubjectAlternativeNameBuilder();
            san.AddUri(new Uri(sanUri));
            request.CertificateExtensions.Add(san.Build());
        }

        // The issuer signs with its own (P-256) key, whatever the leaf's key is.
        // The validator judges public certificates: the leaf's private key is not needed (and .NET will not attach
        // an ECDSA key to a key-agreement-only certificate).
        return request.Create(issuer.SubjectName, X509SignatureGenerator.CreateForECDsa(issuer.GetECDsaPrivateKey()!), notBefore, notAfter, RandomNumberGenerator.GetBytes(8));
    }
}
