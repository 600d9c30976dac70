using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Federation.Contracts.V1;
using Federation.Core.Audit;
using Federation.Core.Identity;
using Federation.Node.Hosting;
using Federation.Node.Security;
using Federation.Testing;

namespace Federation.Node.Tests;

/// <summary>
/// FR's node certificate and key are replaced on disk while FR runs: the peer port serves the new certificate to the
/// next connection, new envelopes are signed with it, and a share still reaches DE, all without a restart. A
/// replacement that fails the startup checks is refused and audited, and the certificate in force stays.
/// </summary>
public sealed class IdentityRotationTests
{
    private const string Fields = "[title, synopsis, sector, taxonomy_class, severity, status, reported_at]";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RenewedPairOnDisk_TakenWithoutRestart_ForTlsAndEnvelopes_WrongOneRefused()
    {
        await using var federation = await TestFederation.StartAsync(["FR", "DE"], TreatyFiles.Yaml("test-treaty", ["FR", "DE"], Fields),
            extraSettings: new Dictionary<string, string?> { ["Federation:Peer:CertificateReloadInterval"] = "00:00:00.100" }, cancellationToken: Ct);
        var node = federation["FR"];
        var runtime = node.Services.GetRequiredService<NodeRuntime>();
        var identity = node.Services.GetRequiredService<NodeIdentity>();
        var before = TrustAnchors.Thumbprint(identity.Current);
        Assert.Equal(before, TrustAnchors.Thumbprint(await ServedCertificateAsync(node)));

        // A certificate for another jurisdiction under FR's files: refused, audited, FR keeps its own.
        using (var wrong = federation.Pki.Node("FR", claimedJurisdiction: "DE"))
        {
            CertificateFactory.WritePem(wrong, runtime.Peer.CertificatePath!, runtime.Peer.KeyPath!);
        }

        await Eventually.UntilAsync(() => AuditAsync(node), a => a.Any(e => e.Kind == AuditKinds.IdentityRotationRefused), "the wrong certificate to be refused");
        Assert.Equal(before, TrustAnchors.Thumbprint(identity.Current));

        using var renewed = federation.Pki.Node("FR");
        CertificateFactory.WritePem(renewed, runtime.Peer.CertificatePath!, runtime.Peer.KeyPath!);
        var after = TrustAnchors.Thumbprint(renewed);
        await Eventually.UntilAsync(() => Task.FromResult(TrustAnchors.Thumbprint(identity.Current)), t => t == after, "the renewed certificate to be taken");

        Assert.Equal(after, TrustAnchors.Thumbprint(await ServedCertificateAsync(node)));
        var sealer = node.Services.GetRequiredService<EnvelopeSealer>();
        var envelope = SignedEnvelope.Parser.ParseFrom(sealer.SealCountersignature(MessageId.New(JurisdictionCode.Parse("FR"), TimeProvider.System),
            JurisdictionCode.Parse("DE"), new Core.Treaties.Countersignature("t", 1, "h"), DateTimeOffset.UtcNow));
        Assert.Equal(renewed.RawData, envelope.SignerCertificate.ToByteArray());
        await Eventually.UntilAsync(() => AuditAsync(node), a => a.Any(e => e.Kind == AuditKinds.IdentityRotated && (e.Detail ?? string.Empty).Contains(after[..16], StringComparison.Ordinal)),
            "the rotation to be audited");

        // The border still works both ways on the new identity: FR dials DE presenting it, DE verifies its signature.
        var fr = node.AdminClient();
        var created = await fr.Cases.CreateCaseAsync(new CreateCaseRequest { Fields = new CaseFields { Title = "After rotation", Tlp = TlpLabel.Amber } }, cancellationToken: Ct);
        await fr.Cases.RecordConsentAsync(new RecordConsentRequest { FederationCaseId = created.FederationCaseId, Scopes = { "share-summary" } }, cancellationToken: Ct);
        await fr.Cases.ShareCaseAsync(new ShareCaseRequest { FederationCaseId = created.FederationCaseId }, cancellationToken: Ct);
        var de = federation["DE"].AdminClient();
        await Eventually.UntilAsync(async () => await de.Deliveries.ListReceivedSummariesAsync(new ListReceivedSummariesRequest(), cancellationToken: Ct),
            r => r.Summaries.Any(s => s.Summary.FederationCaseId == created.FederationCaseId), "DE to receive the share sealed after the rotation");
    }

    /// <summary>The certificate the peer port presents to a new TLS connection.</summary>
    private static async Task<X509Certificate2> ServedCertificateAsync(TestNode node)
    {
        var uri = new Uri(node.PeerAddress);
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(uri.Host, uri.Port, Ct);
        X509Certificate2? served = null;
        await using var tls = new SslStream(tcp.GetStream(), false, (_, certificate, _, _) =>
        {
            served = certificate is null ? null : X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
            return true;
        });
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "localhost", ApplicationProtocols = [SslApplicationProtocol.Http2] }, Ct);
        return served ?? throw new InvalidOperationException("The peer port presented no certificate.");
    }

    private static async Task<IReadOnlyList<AuditEntry>> AuditAsync(TestNode node)
    {
        await using var scope = node.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IAuditLog>().ReadAsync(0, 100_000, Ct);
    }
}
