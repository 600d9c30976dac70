using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Federation.Contracts.V1;
using Federation.Core.Identity;
using Grpc.Core;

namespace Federation.Node.Tests;

/// <summary>
/// The certificate and TLS policy at a real node's peer port: a certificate from DE's pinned CA speaks for DE only if it
/// is a node certificate made for calling (clientAuth, digitalSignature, not a CA) with a canonical SAN URI, and the
/// handshake itself offers TLS 1.3 or TLS 1.2 with AEAD suites only.
/// </summary>
public sealed class CertificatePolicyBorderTests(BorderFixture fixture) : IClassFixture<BorderFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("server-auth-only", "lacks clientAuth")]
    [InlineData("code-signing-only", "lacks clientAuth (it has codeSigning)")]
    [InlineData("no-eku", "no extended key usage")]
    [InlineData("ca-true", "CA certificate")]
    [InlineData("lowercase-code", "must be exactly urn:federation:jurisdiction:XX")]
    [InlineData("uppercase-urn", "must be exactly urn:federation:jurisdiction:XX")]
    public async Task PinnedCaCertificateOutsidePolicy_UnauthenticatedSayingWhy(string variant, string expected)
    {
        using var certificate = Variant(fixture.Pki.Ca("DE"), variant);

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await fixture.Fr.PeerClientAs(certificate).HandshakeAsync(new HandshakeRequest(), cancellationToken: Ct));

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.Contains(expected, error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProperNodeCertificate_StillAccepted()
    {
        using var certificate = Variant(fixture.Pki.Ca("DE"), "proper");

        var response = await fixture.Fr.PeerClientAs(certificate).HandshakeAsync(new HandshakeRequest { ProtocolVersions = { "federation.v1" } }, cancellationToken: Ct);

        Assert.Equal("DE", response.CallerJurisdiction);
    }

    [Fact]
    public async Task Handshake_DefaultClient_NegotiatesTls13()
    {
        await using var tls = await ConnectAsync(SslProtocols.None, null);

        Assert.Equal(SslProtocols.Tls13, tls.SslProtocol);
    }

    [Fact]
    public async Task Handshake_Tls12Aead_Accepted()
    {
        await using var tls = await ConnectAsync(SslProtocols.Tls12, [TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256]);

        Assert.Equal(SslProtocols.Tls12, tls.SslProtocol);
        Assert.Equal(TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, tls.NegotiatedCipherSuite);
    }

    [Theory]
    [InlineData(TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384)]
    [InlineData(TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256)]
    public async Task Handshake_Tls12CbcOnly_Refused(TlsCipherSuite suite)
    {
        await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var tls = await ConnectAsync(SslProtocols.Tls12, [suite]);
        });
    }

    private async Task<SslStream> ConnectAsync(SslProtocols protocols, TlsCipherSuite[]? suites)
    {
        var uri = new Uri(fixture.Fr.PeerAddress);
        var tcp = new TcpClient();
        await tcp.ConnectAsync(uri.Host, uri.Port, Ct);
        var tls = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false);
        try
        {
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = "localhost",
                EnabledSslProtocols = protocols,
                CipherSuitesPolicy = suites is null || !OperatingSystem.IsLinux() ? null : new CipherSuitesPolicy(suites),
                ApplicationProtocols = [SslApplicationProtocol.Http2],
                RemoteCertificateValidationCallback = (_, _, _, _) => true,
            }, Ct);
            return tls;
        }
        catch
        {
            await tls.DisposeAsync();
            tcp.Dispose();
            throw;
        }
    }

    private static X509Certificate2 Variant(X509Certificate2 ca, string variant)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN=variant {variant}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(variant == "ca-true", false, 0, true));
        // (A key-agreement-only leaf cannot sign the TLS handshake from .NET; the validator's own tests cover it.)
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        string[] ekus = variant switch
        {
            "server-auth-only" => [NodeCertificatePolicy.ServerAuth],
            "code-signing-only" => ["1.3.6.1.5.5.7.3.3"],
            "no-eku" => [],
            _ => [NodeCertificatePolicy.ClientAuth, NodeCertificatePolicy.ServerAuth],
        };
        if (ekus.Length > 0)
        {
            var oids = new OidCollection();
            foreach (var eku in ekus)
            {
                oids.Add(new Oid(eku));
            }

            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(oids, false));
        }

        var san = new SubjectAlternativeNameBuilder();
        san.AddUri(new Uri(variant switch
        {
            "lowercase-code" => JurisdictionUri.Prefix + "de",
            "uppercase-urn" => "URN:FEDERATION:JURISDICTION:DE",
            _ => JurisdictionUri.Prefix + "DE",
        }));
        request.CertificateExtensions.Add(san.Build());
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.Create(ca, now.AddDays(-1), now.AddDays(30), RandomNumberGenerator.GetBytes(12));
        // Through PKCS#12, as the node loads its own: the TLS stack wants a key it can hand over on every platform.
        using var withKey = certificate.CopyWithPrivateKey(key);
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }
}
