using System.Security.Cryptography.X509Certificates;
using Federation.Contracts.V1;
using Federation.Core.Audit;
using Federation.Core.Identity;
using Federation.Node.Peers;
using Federation.Testing;
using Grpc.Core;

namespace Federation.Node.Tests;

/// <summary>
/// Revocation lists published over the peer service, on two real nodes: DE's operators put DE's CA's list in place
/// (Federation:Revocation:OwnCrl), FR fetches it on a short schedule (Federation:Partners:DE:FetchCrl) and then refuses
/// the certificate it revokes, audited. A list of another CA or an older one is refused and the last good one kept; the
/// list taken survives a restart; and a stale list, on both sides at once, does not block the fetch that replaces it.
/// </summary>
public sealed class RevocationFetchTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PartnerPublishesARevocation_FetchedOnSchedule_CertificateRefusedAndAudited_BadListsRefused_KeptAcrossRestart()
    {
        using var folder = new TempDirectory();
        var pki = new TestPki(folder.Combine("pki"));
        pki.Ca("FR");
        var published = folder.Combine("pki", "DE-own.crl");
        TestPki.PublishCrl(published, pki.Crl("DE", 1, DateTimeOffset.UtcNow.AddDays(7), DateTimeOffset.UtcNow), pem: true);
        TreatyFiles.Write(folder.Combine("treaties"), "fr-de.yaml", TreatyFiles.Yaml("fr-de", ["FR", "DE"], BorderFixture.TreatyFields));
        await using var de = await TestNode.StartAsync("DE", pki, folder.Path, ["FR"], folder.Combine("treaties"),
            extraSettings: new Dictionary<string, string?> { ["Federation:Revocation:OwnCrl"] = published }, cancellationToken: Ct);
        var fr = await TestNode.StartAsync("FR", pki, folder.Path, ["DE"], folder.Combine("treaties"), extraSettings: FetchesFromDe(), cancellationToken: Ct);
        try
        {
            await fr.ConnectToAsync(de, Ct);
            using var second = pki.Node("DE");

            // The first list is taken (FR held none); DE serves it as DER whatever the file's format.
            await Eventually.UntilAsync(() => AuditAsync(fr), a => a.Any(e => Is(e, AuditKinds.RevocationListFetched, "0 revoked")), "FR to fetch DE's first list");
            using var frCertificate = pki.Node("FR");
            var served = await de.PeerClientAs(frCertificate).GetRevocationListAsync(new GetRevocationListRequest(), cancellationToken: Ct);
            Assert.Equal(0x30, served.Crl[0]);
            Assert.Equal("DE", (await fr.PeerClientAs(second).HandshakeAsync(new HandshakeRequest(), cancellationToken: Ct)).CallerJurisdiction);
            // FR publishes no list of its own: said so, and what to do.
            var none = await Assert.ThrowsAsync<RpcException>(async () => await fr.PeerClientAs(second).GetRevocationListAsync(new GetRevocationListRequest(), cancellationToken: Ct));
            Assert.Equal(StatusCode.FailedPrecondition, none.StatusCode);
            Assert.Contains("Federation:Revocation:OwnCrl", none.Status.Detail, StringComparison.Ordinal);

            // DE's CA revokes DE's second certificate; DE's operators replace the file. FR picks it up at its next fetch.
            TestPki.PublishCrl(published, pki.Crl("DE", 2, DateTimeOffset.UtcNow.AddDays(7), DateTimeOffset.UtcNow.AddMinutes(-1), second), pem: false);
            var refused = await Eventually.UntilAsync(() => HandshakeErrorAsync(fr, second), e => e is not null, "FR to refuse the certificate DE's CA revoked");
            Assert.Equal(StatusCode.Unauthenticated, refused!.StatusCode);
            Assert.Contains("revoked by DE's CA", refused.Status.Detail, StringComparison.Ordinal);
            // Another certificate of DE's CA is untouched, and the revoked one may not fetch FR's list either.
            using var third = pki.Node("DE");
            Assert.Equal("DE", (await fr.PeerClientAs(third).HandshakeAsync(new HandshakeRequest(), cancellationToken: Ct)).CallerJurisdiction);
            var fetchAsRevoked = await Assert.ThrowsAsync<RpcException>(async () => await fr.PeerClientAs(second).GetRevocationListAsync(new GetRevocationListRequest(), cancellationToken: Ct));
            Assert.Equal(StatusCode.Unauthenticated, fetchAsRevoked.StatusCode);
            var audit = await AuditAsync(fr);
            Assert.Contains(audit, e => Is(e, AuditKinds.RevocationListFetched, "1 revoked"));
            Assert.Contains(audit, e => e.Kind == AuditKinds.PeerRejected && (e.Detail ?? string.Empty).Contains("revoked", StringComparison.Ordinal));
            var kept = Path.Combine(fr.DataDirectory, "revocation-lists-fetched", "DE.crl");
            _ = CertificateRevocationListBuilder.Load(await File.ReadAllBytesAsync(kept, Ct), out var keptNumber);
            Assert.Equal(2, keptNumber);

            // A list signed by another CA: refused, audited, the last good list stays in force.
            TestPki.PublishCrl(published, pki.Crl("FR", 9, DateTimeOffset.UtcNow.AddDays(7), DateTimeOffset.UtcNow), pem: false);
            await Eventually.UntilAsync(() => AuditAsync(fr), a => a.Any(e => Is(e, AuditKinds.RevocationListRefused, "fetched from DE") && Has(e, "not by the pinned anchor")),
                "FR to refuse the list signed by FR's CA");
            Assert.Contains("revoked", (await HandshakeErrorAsync(fr, second))!.Status.Detail, StringComparison.Ordinal);

            // An older list of DE's own CA (without the entry): refused, the certificate stays revoked.
            TestPki.PublishCrl(published, pki.Crl("DE", 1, DateTimeOffset.UtcNow.AddDays(7), DateTimeOffset.UtcNow), pem: true);
            await Eventually.UntilAsync(() => AuditAsync(fr), a => a.Any(e => Is(e, AuditKinds.RevocationListRefused, "fetched from DE") && Has(e, "older than the list held")),
                "FR to refuse the older list");
            Assert.Contains("revoked", (await HandshakeErrorAsync(fr, second))!.Status.Detail, StringComparison.Ordinal);

            // FR restarts while DE is down (nothing can be fetched): the list kept is in force at once.
            await de.DisposeAsync();
            fr = await fr.RestartAsync(Ct);
            var afterRestart = await HandshakeErrorAsync(fr, second);
            Assert.Equal(StatusCode.Unauthenticated, afterRestart!.StatusCode);
            Assert.Contains("revoked by DE's CA", afterRestart.Status.Detail, StringComparison.Ordinal);
        }
        finally
        {
            await fr.DisposeAsync();
        }
    }

    [Fact]
    public async Task StaleListsOnBothSides_UnderFailClosed_TheFetchStillGoesThrough_AndBothRecover()
    {
        using var folder = new TempDirectory();
        var pki = new TestPki(folder.Combine("pki"));
        var staleDe = pki.Crl("DE", 1, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow);
        var staleFr = pki.Crl("FR", 1, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow);
        var deOwn = folder.Combine("pki", "DE-own.crl");
        var frOwn = folder.Combine("pki", "FR-own.crl");
        var deHeldByFr = folder.Combine("pki", "DE-at-FR.crl");
        var frHeldByDe = folder.Combine("pki", "FR-at-DE.crl");
        TestPki.PublishCrl(deOwn, staleDe, pem: false);
        TestPki.PublishCrl(deHeldByFr, staleDe, pem: true);
        TestPki.PublishCrl(frOwn, staleFr, pem: false);
        TestPki.PublishCrl(frHeldByDe, staleFr, pem: false);
        TreatyFiles.Write(folder.Combine("treaties"), "fr-de.yaml", TreatyFiles.Yaml("fr-de", ["FR", "DE"], BorderFixture.TreatyFields));
        // Each holds a stale list of the other (from a file) and fetches the other's: neither may refuse the other's
        // fetch for staleness, or neither could ever recover.
        await using var de = await TestNode.StartAsync("DE", pki, folder.Path, ["FR"], folder.Combine("treaties"), extraSettings: new Dictionary<string, string?>
        {
            ["Federation:Revocation:OwnCrl"] = deOwn,
            ["Federation:Partners:FR:Crl"] = frHeldByDe,
            ["Federation:Partners:FR:FetchCrl"] = "true",
            ["Federation:Revocation:FetchInterval"] = "00:00:00.200",
            ["Federation:Revocation:ReloadInterval"] = "00:00:00.100",
        }, cancellationToken: Ct);
        await using var fr = await TestNode.StartAsync("FR", pki, folder.Path, ["DE"], folder.Combine("treaties"), extraSettings: new Dictionary<string, string?>(FetchesFromDe())
        {
            ["Federation:Revocation:OwnCrl"] = frOwn,
            ["Federation:Partners:DE:Crl"] = deHeldByFr,
        }, cancellationToken: Ct);
        await fr.ConnectToAsync(de, Ct);
        await de.ConnectToAsync(fr, Ct);
        using var deCertificate = pki.Node("DE");
        using var frCertificate = pki.Node("FR");

        // Fail closed: DE's certificates are refused at FR, and FR will not talk to DE's server on an ordinary channel.
        var stale = await HandshakeErrorAsync(fr, deCertificate);
        Assert.Equal(StatusCode.Unauthenticated, stale!.StatusCode);
        Assert.Contains("revocation list is stale", stale.Status.Detail, StringComparison.Ordinal);
        await Assert.ThrowsAnyAsync<RpcException>(async () => await fr.Services.GetRequiredService<PeerClient>().HandshakeAsync(JurisdictionCode.Parse("DE"), Ct));
        // Yet the list can be fetched: DE serves it (the same stale list, for now).
        var stillServed = await de.PeerClientAs(frCertificate).GetRevocationListAsync(new GetRevocationListRequest(), cancellationToken: Ct);
        Assert.Equal(staleDe, stillServed.Crl.ToByteArray());

        // Both CAs issue fresh lists; each node fetches the other's through the other's gate, and both recover.
        TestPki.PublishCrl(deOwn, pki.Crl("DE", 2, DateTimeOffset.UtcNow.AddDays(7), DateTimeOffset.UtcNow), pem: true);
        TestPki.PublishCrl(frOwn, pki.Crl("FR", 2, DateTimeOffset.UtcNow.AddDays(7), DateTimeOffset.UtcNow), pem: false);
        await Eventually.UntilAsync(() => HandshakeErrorAsync(fr, deCertificate), e => e is null, "FR to take DE's fresh list and accept DE again");
        await Eventually.UntilAsync(() => HandshakeErrorAsync(de, frCertificate), e => e is null, "DE to take FR's fresh list and accept FR again");
        Assert.Equal("DE", (await fr.Services.GetRequiredService<PeerClient>().HandshakeAsync(JurisdictionCode.Parse("DE"), Ct)).CalleeJurisdiction);
        Assert.Contains(await AuditAsync(fr), e => Is(e, AuditKinds.RevocationListFetched, "0 revoked") && e.Subject == "DE");
        Assert.Contains(await AuditAsync(de), e => Is(e, AuditKinds.RevocationListFetched, "0 revoked") && e.Subject == "FR");
        // The files still hold the stale lists: behind the fetched ones, which is no refusal.
        Assert.DoesNotContain(await AuditAsync(de), e => e.Kind == AuditKinds.RevocationListRefused);
    }

    [Fact]
    public async Task ListOverTheSizeCap_RefusedByName_AndAudited()
    {
        using var folder = new TempDirectory();
        var pki = new TestPki(folder.Combine("pki"));
        pki.Ca("FR");
        var published = folder.Combine("pki", "DE-own.crl");
        // 80 entries make a list of a few KiB, over a cap of 1 KiB (and far under the peer message size).
        var revoked = Enumerable.Range(0, 80).Select(_ => pki.Node("DE")).ToArray();
        TestPki.PublishCrl(published, pki.Crl("DE", 1, DateTimeOffset.UtcNow.AddDays(7), DateTimeOffset.UtcNow, revoked), pem: false);
        TreatyFiles.Write(folder.Combine("treaties"), "fr-de.yaml", TreatyFiles.Yaml("fr-de", ["FR", "DE"], BorderFixture.TreatyFields));
        await using var de = await TestNode.StartAsync("DE", pki, folder.Path, ["FR"], folder.Combine("treaties"),
            extraSettings: new Dictionary<string, string?> { ["Federation:Revocation:OwnCrl"] = published }, cancellationToken: Ct);
        await using var fr = await TestNode.StartAsync("FR", pki, folder.Path, ["DE"], folder.Combine("treaties"),
            extraSettings: new Dictionary<string, string?>(FetchesFromDe()) { ["Federation:Revocation:MaxFetchedBytes"] = "1024" }, cancellationToken: Ct);
        await fr.ConnectToAsync(de, Ct);

        await Eventually.UntilAsync(() => AuditAsync(fr), a => a.Any(e => Is(e, AuditKinds.RevocationListRefused, "fetched from DE") && Has(e, "Federation:Revocation:MaxFetchedBytes")),
            "FR to refuse the oversized list");
        // Nothing was taken: a certificate the refused list names still speaks for DE, and nothing was kept.
        Assert.Equal("DE", (await fr.PeerClientAs(revoked[0]).HandshakeAsync(new HandshakeRequest(), cancellationToken: Ct)).CallerJurisdiction);
        Assert.False(File.Exists(Path.Combine(fr.DataDirectory, "revocation-lists-fetched", "DE.crl")));
        // Operators see it on the health check too, with the reason.
        var health = await new Federation.Node.Security.RevocationHealthCheck(fr.Services.GetRequiredService<Federation.Node.Security.PartnerRevocation>(), TimeProvider.System)
            .CheckHealthAsync(new Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckContext(), Ct);
        Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Degraded, health.Status);
        Assert.Contains("fetched from DE was refused", health.Description, StringComparison.Ordinal);
        foreach (var certificate in revoked)
        {
            certificate.Dispose();
        }
    }

    [Fact]
    public async Task OwnList_ServedAsDer_ReadAgainAtEveryCall_RefusedWithTheRightStatusWhenNoneOrBroken()
    {
        using var folder = new TempDirectory();
        var pki = new TestPki(folder.Combine("pki"));
        var path = folder.Combine("own.crl");
        var node = Microsoft.Extensions.Options.Options.Create(new Federation.Node.Options.NodeOptions());
        Federation.Node.Security.OwnRevocationList Own(string? file) => new(
            Microsoft.Extensions.Options.Options.Create(new Federation.Node.Options.RevocationOptions { OwnCrl = file }), node,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<Federation.Node.Security.OwnRevocationList>.Instance);

        var none = await Assert.ThrowsAsync<Federation.Core.FederationException>(() => Own(null).ReadAsync(Ct));
        Assert.Equal(Federation.Core.ErrorCode.FailedPrecondition, none.Code);

        var first = pki.Crl("DE", 1, DateTimeOffset.UtcNow.AddDays(1), DateTimeOffset.UtcNow);
        TestPki.PublishCrl(path, first, pem: true);
        var own = Own(path);
        Assert.Equal(first, await own.ReadAsync(Ct));
        var second = pki.Crl("DE", 2, DateTimeOffset.UtcNow.AddDays(1), DateTimeOffset.UtcNow);
        TestPki.PublishCrl(path, second, pem: false);
        Assert.Equal(second, await own.ReadAsync(Ct));

        // A file that is no list, or gone: this node's fault, not the caller's; UNAVAILABLE, and nothing of the file said.
        await File.WriteAllTextAsync(path, "-----BEGIN X509 CRL-----\n!!!\n-----END X509 CRL-----\n", Ct);
        Assert.Equal(Federation.Core.ErrorCode.Unavailable, (await Assert.ThrowsAsync<Federation.Core.FederationException>(() => own.ReadAsync(Ct))).Code);
        await File.WriteAllTextAsync(path, "not a list", Ct);
        Assert.Equal(Federation.Core.ErrorCode.Unavailable, (await Assert.ThrowsAsync<Federation.Core.FederationException>(() => own.ReadAsync(Ct))).Code);
        File.Delete(path);
        Assert.Equal(Federation.Core.ErrorCode.Unavailable, (await Assert.ThrowsAsync<Federation.Core.FederationException>(() => own.ReadAsync(Ct))).Code);
    }

    private static Dictionary<string, string?> FetchesFromDe() => new()
    {
        ["Federation:Partners:DE:FetchCrl"] = "true",
        ["Federation:Revocation:FetchInterval"] = "00:00:00.200",
        ["Federation:Revocation:ReloadInterval"] = "00:00:00.100",
    };

    private static bool Is(AuditEntry entry, string kind, string detailStart) =>
        entry.Kind == kind && (entry.Detail ?? string.Empty).StartsWith(detailStart, StringComparison.Ordinal);

    private static bool Has(AuditEntry entry, string text) => (entry.Detail ?? string.Empty).Contains(text, StringComparison.Ordinal);

    private static async Task<RpcException?> HandshakeErrorAsync(TestNode node, X509Certificate2 certificate)
    {
        try
        {
            await node.PeerClientAs(certificate).HandshakeAsync(new HandshakeRequest(), cancellationToken: Ct);
            return null;
        }
        catch (RpcException ex)
        {
            return ex;
        }
    }

    private static async Task<IReadOnlyList<AuditEntry>> AuditAsync(TestNode node)
    {
        await using var scope = node.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IAuditLog>().ReadAsync(0, 100_000, Ct);
    }
}
