using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Federation.Contracts.V1;
using Federation.Core;
using Federation.Core.Audit;
using Federation.Core.Identity;
using Federation.Node.Hosting;
using Federation.Node.Options;
using Federation.Node.Security;
using Federation.Testing;
using Grpc.Core;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Federation.Node.Tests;

/// <summary>
/// Revocation at the border: FR holds DE's CA-signed revocation list (Federation:Partners:DE:Crl) and reloads it when
/// the file changes, on a real node. A certificate the list names is refused UNAUTHENTICATED "revoked" at its next
/// call, audited; an older list cannot un-revoke it; a stale list fails closed unless configured otherwise.
/// </summary>
public sealed class RevocationTests : IAsyncLifetime
{
    private readonly TempDirectory _folder = new();
    private TestPki _pki = null!;
    private TestNode _fr = null!;
    private string _crlPath = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _pki = new TestPki(_folder.Combine("pki"));
        _pki.Ca("FR");
        _crlPath = _folder.Combine("pki", "DE.crl");
        TestPki.PublishCrl(_crlPath, Crl("DE", 1, DateTimeOffset.UtcNow.AddDays(7)), pem: true);
        TreatyFiles.Write(_folder.Combine("treaties"), "fr-de.yaml", TreatyFiles.Yaml("fr-de", ["FR", "DE"], BorderFixture.TreatyFields));
        _fr = await TestNode.StartAsync("FR", _pki, _folder.Path, ["DE"], _folder.Combine("treaties"), extraSettings: new Dictionary<string, string?>
        {
            ["Federation:Partners:DE:Crl"] = _crlPath,
            ["Federation:Revocation:ReloadInterval"] = "00:00:00.100",
        }, cancellationToken: Ct);
    }

    public async ValueTask DisposeAsync()
    {
        await _fr.DisposeAsync();
        _folder.Dispose();
    }

    [Fact]
    public async Task RevokedWhileConnected_RefusedAtItsNextCall_AuditedAndOlderListCannotUnrevoke()
    {
        using var de = _pki.Node("DE");
        using var other = _pki.Node("DE");
        var client = _fr.PeerClientAs(de);
        Assert.Equal("DE", (await client.HandshakeAsync(new HandshakeRequest(), cancellationToken: Ct)).CallerJurisdiction);

        TestPki.PublishCrl(_crlPath, Crl("DE", 2, DateTimeOffset.UtcNow.AddDays(7), de), pem: false);

        // The same client, on the connection it already has: the cached verdict does not outlive the new list.
        var error = await Eventually.UntilAsync(async () =>
        {
            try
            {
                await client.HandshakeAsync(new HandshakeRequest(), cancellationToken: Ct);
                return null;
            }
            catch (RpcException ex)
            {
                return ex;
            }
        }, e => e is not null, "the revocation to take effect");
        Assert.Equal(StatusCode.Unauthenticated, error!.StatusCode);
        Assert.Contains("revoked by DE's CA", error.Status.Detail, StringComparison.Ordinal);
        // Another certificate of DE's CA is not touched by the entry.
        Assert.Equal("DE", (await _fr.PeerClientAs(other).HandshakeAsync(new HandshakeRequest(), cancellationToken: Ct)).CallerJurisdiction);

        var audit = await AuditAsync();
        Assert.Contains(audit, e => e.Kind == AuditKinds.PeerRejected && (e.Detail ?? string.Empty).Contains("revoked", StringComparison.Ordinal));
        Assert.Contains(audit, e => e.Kind == AuditKinds.RevocationListLoaded && e.Subject == "DE" && (e.Detail ?? string.Empty).StartsWith("1 revoked", StringComparison.Ordinal));

        // Putting the older list back (number 1, no entries) is refused and audited; the certificate stays revoked.
        TestPki.PublishCrl(_crlPath, Crl("DE", 1, DateTimeOffset.UtcNow.AddDays(7)), pem: true);
        await Eventually.UntilAsync(AuditAsync, a => a.Any(e => e.Kind == AuditKinds.RevocationListRefused && (e.Detail ?? string.Empty).Contains("older", StringComparison.Ordinal)),
            "the older list to be refused");
        var still = await Assert.ThrowsAsync<RpcException>(async () => await _fr.PeerClientAs(de).HandshakeAsync(new HandshakeRequest(), cancellationToken: Ct));
        Assert.Contains("revoked", still.Status.Detail, StringComparison.Ordinal);

        // A list signed by another CA is refused too: the last good list stays in force.
        TestPki.PublishCrl(_crlPath, Crl("FR", 9, DateTimeOffset.UtcNow.AddDays(7)), pem: true);
        await Eventually.UntilAsync(AuditAsync, a => a.Any(e => e.Kind == AuditKinds.RevocationListRefused && (e.Detail ?? string.Empty).Contains("not by the pinned anchor", StringComparison.Ordinal)),
            "the foreign list to be refused");
        var after = await Assert.ThrowsAsync<RpcException>(async () => await _fr.PeerClientAs(de).HandshakeAsync(new HandshakeRequest(), cancellationToken: Ct));
        Assert.Equal(StatusCode.Unauthenticated, after.StatusCode);
        Assert.Contains("revoked", after.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void OlderListPutInPlaceWhileStopped_RefusedAtTheNextStart_AndSameNumberOtherContentRefusedOnReload()
    {
        using var de = _pki.Node("DE");
        var path = _folder.Combine("held.crl");
        var state = _folder.Combine("held-state.json");
        TestPki.PublishCrl(path, Crl("DE", 2, DateTimeOffset.UtcNow.AddDays(1), de), pem: false);
        var (first, _) = Revocation(path, StaleCrlPolicy.FailClosed, TimeProvider.System, state);
        Assert.True(File.Exists(state));

        // Same number, other content (the entry dropped): a CA never does that; refused, the list held stays.
        TestPki.PublishCrl(path, Crl("DE", 2, DateTimeOffset.UtcNow.AddDays(1)), pem: false);
        Assert.Equal(AuditKinds.RevocationListRefused, Assert.Single(first.Reload(DateTimeOffset.UtcNow)).Kind);
        Assert.NotNull(first.Problem(JurisdictionCode.Parse("DE"), de, _pki.Ca("DE"), DateTimeOffset.UtcNow));

        // The node stops; an older list (number 1, without the entry) is put in place: the next start refuses it.
        TestPki.PublishCrl(path, Crl("DE", 1, DateTimeOffset.UtcNow.AddDays(1)), pem: false);
        var error = Assert.Throws<StartupException>(() => Revocation(path, StaleCrlPolicy.FailClosed, TimeProvider.System, state));
        Assert.Equal("Federation:Partners:DE:Crl", error.Setting);
        Assert.Contains("older than the list this node last held", error.Message, StringComparison.Ordinal);

        // A newer list is taken, and remembered.
        TestPki.PublishCrl(path, Crl("DE", 3, DateTimeOffset.UtcNow.AddDays(1)), pem: false);
        var (third, _) = Revocation(path, StaleCrlPolicy.FailClosed, TimeProvider.System, state);
        Assert.Null(third.Problem(JurisdictionCode.Parse("DE"), de, _pki.Ca("DE"), DateTimeOffset.UtcNow));
    }

    [Fact]
    public void SameListRewrittenInTheOtherFormat_IsTheSameList_NeitherRefusedNorReloaded()
    {
        using var de = _pki.Node("DE");
        var path = _folder.Combine("format.crl");
        var list = Crl("DE", 4, DateTimeOffset.UtcNow.AddDays(1), de);
        TestPki.PublishCrl(path, list, pem: true);
        var (revocation, _) = Revocation(path, StaleCrlPolicy.FailClosed, TimeProvider.System, _folder.Combine("format-state.json"));
        var generation = revocation.Generation;

        // The operator converts the file to DER: the same list, byte for byte inside. (The digest was once over the file.)
        TestPki.PublishCrl(path, list, pem: false);

        Assert.Empty(revocation.Reload(DateTimeOffset.UtcNow));
        Assert.Equal(generation, revocation.Generation);
        Assert.Null(Assert.Single(revocation.Sources).LastProblem);
        // And across a restart: the mark held names the same list, whichever format it was read in.
        var (again, _) = Revocation(path, StaleCrlPolicy.FailClosed, TimeProvider.System, _folder.Combine("format-state.json"));
        Assert.NotNull(again.Problem(JurisdictionCode.Parse("DE"), de, _pki.Ca("DE"), DateTimeOffset.UtcNow));
    }

    [Fact]
    public void AtStart_TheNewerOfFileAndFetchedListIsInForce_AndRollbackStillRefused()
    {
        using var de = _pki.Node("DE");
        var path = _folder.Combine("start.crl");
        var fetched = _folder.Combine("fetched");
        var state = _folder.Combine("start-state.json");
        TestPki.PublishCrl(path, Crl("DE", 1, DateTimeOffset.UtcNow.AddDays(1)), pem: true);
        var (first, _) = Revocation(path, StaleCrlPolicy.FailClosed, TimeProvider.System, state, fetched);
        Assert.Null(first.Problem(JurisdictionCode.Parse("DE"), de, _pki.Ca("DE"), DateTimeOffset.UtcNow));

        // Fetched from DE: newer, taken, kept; the file (older) is behind it, which is no refusal.
        var taken = first.Offer(JurisdictionCode.Parse("DE"), Crl("DE", 2, DateTimeOffset.UtcNow.AddDays(1), de), DateTimeOffset.UtcNow);
        Assert.Equal(AuditKinds.RevocationListFetched, Assert.Single(taken).Kind);
        Assert.True(File.Exists(Path.Combine(fetched, "DE.crl")));
        Assert.NotNull(first.Problem(JurisdictionCode.Parse("DE"), de, _pki.Ca("DE"), DateTimeOffset.UtcNow));
        Assert.Empty(first.Reload(DateTimeOffset.UtcNow));

        // A restart: the fetched list (2) wins over the file (1).
        var (second, _) = Revocation(path, StaleCrlPolicy.FailClosed, TimeProvider.System, state, fetched);
        Assert.NotNull(second.Problem(JurisdictionCode.Parse("DE"), de, _pki.Ca("DE"), DateTimeOffset.UtcNow));
        Assert.Empty(second.Reload(DateTimeOffset.UtcNow));

        // The kept list is lost while the node is stopped: the file alone is older than the list held, the start refuses it.
        File.Delete(Path.Combine(fetched, "DE.crl"));
        var error = Assert.Throws<StartupException>(() => Revocation(path, StaleCrlPolicy.FailClosed, TimeProvider.System, state, fetched));
        Assert.Contains("older than the list this node last held", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FetchOnly_NoListUntilTheFirstFetch_ThenOlderAndForeignListsRefusedOnceEach()
    {
        using var de = _pki.Node("DE");
        var (revocation, _) = Revocation(null, StaleCrlPolicy.FailClosed, TimeProvider.System, _folder.Combine("only-state.json"), _folder.Combine("only-fetched"));
        var partner = JurisdictionCode.Parse("DE");
        Assert.Empty(revocation.Sources);
        Assert.True(revocation.IsConfigured);
        Assert.Equal(partner, Assert.Single(revocation.FetchedPartners));

        var list = Crl("DE", 5, DateTimeOffset.UtcNow.AddDays(1), de);
        Assert.Equal(AuditKinds.RevocationListFetched, Assert.Single(revocation.Offer(partner, list, DateTimeOffset.UtcNow)).Kind);
        Assert.NotNull(revocation.Problem(partner, de, _pki.Ca("DE"), DateTimeOffset.UtcNow));
        // The same list again (at every fetch, as PEM too) changes nothing and says nothing.
        Assert.Empty(revocation.Offer(partner, list, DateTimeOffset.UtcNow));
        Assert.Empty(revocation.Offer(partner, System.Text.Encoding.ASCII.GetBytes(PemEncoding.WriteString("X509 CRL", list)), DateTimeOffset.UtcNow));

        var generation = revocation.Generation;
        var older = revocation.Offer(partner, Crl("DE", 4, DateTimeOffset.UtcNow.AddDays(1)), DateTimeOffset.UtcNow);
        Assert.Equal(AuditKinds.RevocationListRefused, Assert.Single(older).Kind);
        Assert.Empty(revocation.Offer(partner, Crl("DE", 4, DateTimeOffset.UtcNow.AddDays(1)), DateTimeOffset.UtcNow));
        var foreign = revocation.Offer(partner, Crl("FR", 9, DateTimeOffset.UtcNow.AddDays(1)), DateTimeOffset.UtcNow);
        Assert.Contains("not by the pinned anchor", Assert.Single(foreign).Detail, StringComparison.Ordinal);
        var garbage = revocation.Offer(partner, "not a list"u8.ToArray(), DateTimeOffset.UtcNow);
        Assert.Contains("not a certificate revocation list", Assert.Single(garbage).Detail, StringComparison.Ordinal);

        Assert.Equal(generation, revocation.Generation);
        Assert.NotNull(revocation.Problem(partner, de, _pki.Ca("DE"), DateTimeOffset.UtcNow));
        Assert.True(revocation.FetchProblems.ContainsKey(partner));
    }

    [Fact]
    public void StaleList_RefusedForOrdinaryCalls_ButNotWhenOnlyStalenessMayBeOverlooked_RevokedAlwaysRefused()
    {
        using var de = _pki.Node("DE");
        using var revoked = _pki.Node("DE");
        var path = _folder.Combine("lenient.crl");
        TestPki.PublishCrl(path, _pki.Crl("DE", 1, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddHours(-2), revoked), pem: false);
        var (revocation, anchors) = Revocation(path, StaleCrlPolicy.FailClosed, TimeProvider.System);
        var validator = new PeerCertificateValidator(anchors, revocation);

        Assert.Contains("stale", Assert.Throws<FederationException>(() => validator.Validate(de, DateTimeOffset.UtcNow)).Message, StringComparison.Ordinal);
        Assert.Equal("DE", validator.Validate(de, DateTimeOffset.UtcNow, acceptStaleRevocationList: true).Jurisdiction.Value);
        Assert.Contains("revoked", Assert.Throws<FederationException>(() => validator.Validate(revoked, DateTimeOffset.UtcNow, acceptStaleRevocationList: true)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validator_RevokedSignerOrCaller_RefusedWithTheRevocationTime()
    {
        using var de = _pki.Node("DE");
        var path = _folder.Combine("unit.crl");
        var revokedAt = DateTimeOffset.UtcNow.AddMinutes(-5);
        TestPki.PublishCrl(path, Crl("DE", 1, DateTimeOffset.UtcNow.AddDays(1), revokedAt, de), pem: false);
        var (revocation, anchors) = Revocation(path, StaleCrlPolicy.FailClosed, new FakeTimeProvider(DateTimeOffset.UtcNow));

        var validator = new PeerCertificateValidator(anchors, revocation);
        var error = Assert.Throws<FederationException>(() => validator.Validate(de, DateTimeOffset.UtcNow));

        Assert.Equal(ErrorCode.Unauthenticated, error.Code);
        Assert.Contains($"revoked by DE's CA at {revokedAt:yyyy-MM-dd'T'HH:mm:ss'Z'}", error.Message, StringComparison.Ordinal);
        // Without the list the same certificate speaks for DE: the refusal comes from the list alone.
        Assert.Equal("DE", new PeerCertificateValidator(anchors).Validate(de, DateTimeOffset.UtcNow).Jurisdiction.Value);
    }

    [Theory]
    [InlineData(StaleCrlPolicy.FailClosed, true)]
    [InlineData(StaleCrlPolicy.FailOpen, false)]
    public void ListPastNextUpdate_FollowsThePolicy_AndBumpsTheGeneration(StaleCrlPolicy policy, bool refused)
    {
        using var de = _pki.Node("DE");
        var path = _folder.Combine($"stale-{policy}.crl");
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        TestPki.PublishCrl(path, Crl("DE", 1, clock.GetUtcNow().AddHours(1)), pem: true);
        var (revocation, anchors) = Revocation(path, policy, clock);
        var validator = new PeerCertificateValidator(anchors, revocation);
        Assert.Equal("DE", validator.Validate(de, clock.GetUtcNow()).Jurisdiction.Value);
        var generation = revocation.Generation;

        clock.Advance(TimeSpan.FromHours(2));
        var changes = revocation.Reload(clock.GetUtcNow());

        Assert.Equal(AuditKinds.RevocationListStale, Assert.Single(changes).Kind);
        Assert.True(revocation.Generation > generation);
        if (refused)
        {
            var error = Assert.Throws<FederationException>(() => validator.Validate(de, clock.GetUtcNow()));
            Assert.Contains("revocation list is stale", error.Message, StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal("DE", validator.Validate(de, clock.GetUtcNow()).Jurisdiction.Value);
        }
    }

    [Theory]
    [InlineData("foreign", "not by the pinned anchor")]
    [InlineData("tampered", "signature does not verify")]
    [InlineData("garbage", "not a certificate revocation list")]
    [InlineData("missing", "cannot be read")]
    public void UnusableListAtStartup_StopsTheNodeNamingTheSetting(string variant, string expected)
    {
        var path = _folder.Combine($"bad-{variant}.crl");
        var good = Crl("DE", 1, DateTimeOffset.UtcNow.AddDays(1));
        switch (variant)
        {
            case "foreign":
                TestPki.PublishCrl(path, Crl("FR", 1, DateTimeOffset.UtcNow.AddDays(1)), pem: false);
                break;
            case "tampered":
                // A byte of the thisUpdate time changed: still a CRL, no longer the one DE's CA signed.
                var tampered = (byte[])good.Clone();
                var at = IndexOfUtcTime(tampered);
                tampered[at] = tampered[at] == (byte)'0' ? (byte)'1' : (byte)'0';
                TestPki.PublishCrl(path, tampered, pem: false);
                break;
            case "garbage":
                File.WriteAllText(path, "not a list");
                break;
        }

        var error = Assert.Throws<StartupException>(() => Revocation(path, StaleCrlPolicy.FailClosed, TimeProvider.System));

        Assert.Equal("Federation:Partners:DE:Crl", error.Setting);
        Assert.True(error.Message.Contains(expected, StringComparison.Ordinal), error.Message);
    }

    private (PartnerRevocation Revocation, TrustAnchors Anchors) Revocation(string? path, StaleCrlPolicy policy, TimeProvider clock, string? stateFile = null, string? fetchedDirectory = null)
    {
        var anchors = new TrustAnchors(new Dictionary<JurisdictionCode, IReadOnlyList<X509Certificate2>>
        {
            [JurisdictionCode.Parse("DE")] = [X509CertificateLoader.LoadCertificate(_pki.Ca("DE").RawData)],
        });
        var node = new NodeOptions { Partners = { ["DE"] = new PartnerOptions { TrustAnchor = _pki.CaPath("DE"), Crl = path, FetchCrl = fetchedDirectory is not null } } };
        var options = new RevocationOptions { WhenStale = policy };
        return (new PartnerRevocation(Microsoft.Extensions.Options.Options.Create(node), Microsoft.Extensions.Options.Options.Create(options), anchors, clock,
            NullLogger<PartnerRevocation>.Instance, stateFile, fetchedDirectory), anchors);
    }

    private async Task<IReadOnlyList<AuditEntry>> AuditAsync()
    {
        await using var scope = _fr.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IAuditLog>().ReadAsync(0, 100_000, Ct);
    }

    private byte[] Crl(string issuer, int number, DateTimeOffset nextUpdate, params X509Certificate2[] revoked) =>
        _pki.Crl(issuer, number, nextUpdate, DateTimeOffset.UtcNow.AddMinutes(-1), revoked);

    private byte[] Crl(string issuer, int number, DateTimeOffset nextUpdate, DateTimeOffset revokedAt, params X509Certificate2[] revoked) =>
        _pki.Crl(issuer, number, nextUpdate, revokedAt, revoked);

    /// <summary>The first digit of the CRL's first UTCTime (tag 0x17, length 13): thisUpdate.</summary>
    private static int IndexOfUtcTime(byte[] der)
    {
        for (var i = 0; i < der.Length - 2; i++)
        {
            if (der[i] == 0x17 && der[i + 1] == 13)
            {
                return i + 2 + 11;
            }
        }

        throw new InvalidOperationException("no UTCTime in the CRL");
    }
}
