using Federation.Contracts.V1;
using Federation.Core.Audit;
using Federation.Core.Identity;
using Federation.Node.CatchUp;
using Federation.Node.Hosting;
using Federation.Testing;

namespace Federation.Node.Tests;

/// <summary>
/// The directions a revocation or a suspension must also cover, on real nodes: a partner server this node already
/// holds a channel to, once its certificate is revoked, receives nothing more (the channel is retired and the next
/// handshake refuses it); and a suspended partner is not pulled from either (catch-up), until it is resumed.
/// </summary>
public sealed class RevokedPartnerServerTests
{
    private const string Fields = "[title, synopsis, sector, taxonomy_class, severity, status, reported_at]";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PartnerServerRevokedWhileChannelOpen_NothingMoreDelivered()
    {
        using var folder = new TempDirectory();
        var pki = new TestPki(folder.Combine("pki"));
        pki.Ca("FR");
        var crl = folder.Combine("pki", "DE.crl");
        File.WriteAllBytes(crl, pki.Crl("DE", 1, DateTimeOffset.UtcNow.AddDays(1), DateTimeOffset.UtcNow));
        TreatyFiles.Write(folder.Combine("treaties"), "t.yaml", TreatyFiles.Yaml("t", ["FR", "DE"], Fields));
        await using var fr = await TestNode.StartAsync("FR", pki, folder.Path, ["DE"], folder.Combine("treaties"), extraSettings: new Dictionary<string, string?>
        {
            ["Federation:Partners:DE:Crl"] = crl,
            ["Federation:Revocation:ReloadInterval"] = "00:00:00.100",
        }, cancellationToken: Ct);
        await using var de = await TestNode.StartAsync("DE", pki, folder.Path, ["FR"], folder.Combine("treaties"), cancellationToken: Ct);
        await fr.ConnectToAsync(de, Ct);
        await de.ConnectToAsync(fr, Ct);
        await Task.WhenAll(fr.WaitForTreatiesInForceAsync(Ct), de.WaitForTreatiesInForceAsync(Ct));

        // A first share opens FR's channel to DE.
        var before = await PeerSuspensionTests.ShareNewCaseAsync(fr.AdminClient());
        await Eventually.UntilAsync(() => ReceivedAsync(de), r => r.Contains(before), "DE to receive the share made before the revocation");

        File.WriteAllBytes(crl + ".new", pki.Crl("DE", 2, DateTimeOffset.UtcNow.AddDays(1), DateTimeOffset.UtcNow.AddMinutes(-1), de.Services.GetRequiredService<NodeRuntime>().Certificate));
        File.Move(crl + ".new", crl, overwrite: true);
        await Eventually.UntilAsync(() => PeerSuspensionTests.AuditAsync(fr),
            a => a.Any(e => e.Kind == AuditKinds.RevocationListLoaded && (e.Detail ?? string.Empty).StartsWith("1 revoked", StringComparison.Ordinal)), "FR to load the list revoking DE");

        var after = await PeerSuspensionTests.ShareNewCaseAsync(fr.AdminClient());

        // FR tries (a new connection, judged again) and fails, more than once; DE never gets it.
        var failing = await Eventually.UntilAsync(
            async () => (await fr.AdminClient().Deliveries.ListDeliveriesAsync(new ListDeliveriesRequest { FederationCaseId = after }, cancellationToken: Ct)).Deliveries.Single(),
            d => d.Attempts >= 2, "FR to try the revoked DE twice");
        Assert.Equal(DeliveryState.Pending, failing.State);
        Assert.DoesNotContain(after, await ReceivedAsync(de));
    }

    [Fact]
    public async Task SuspendedPartner_NotPulledFrom_UntilResumed()
    {
        await using var federation = await TestFederation.StartAsync(["FR", "DE"], TreatyFiles.Yaml("t", ["FR", "DE"], Fields), cancellationToken: Ct);
        var fr = federation["FR"];
        await fr.AdminClient().Peers.SuspendPeerAsync(new SuspendPeerRequest { Partner = "DE", Reason = "incident review" }, cancellationToken: Ct);

        var caseId = await PeerSuspensionTests.ShareNewCaseAsync(federation["DE"].AdminClient());
        // DE's push is refused at FR's gate; a pull FR makes now must not take it in either.
        var pulled = await fr.Services.GetRequiredService<CatchUpPuller>().PullAsync(JurisdictionCode.Parse("DE"), Ct);

        Assert.Equal(0, pulled.Accepted);
        Assert.DoesNotContain(caseId, await ReceivedAsync(fr));

        await fr.AdminClient().Peers.ResumePeerAsync(new ResumePeerRequest { Partner = "DE" }, cancellationToken: Ct);
        await Eventually.UntilAsync(() => ReceivedAsync(fr), r => r.Contains(caseId), "FR to receive DE's share after the resume");
    }

    private static async Task<List<string>> ReceivedAsync(TestNode node) =>
        [.. (await node.AdminClient().Deliveries.ListReceivedSummariesAsync(new ListReceivedSummariesRequest { PageSize = 500 }, cancellationToken: Ct)).Summaries
            .Select(s => s.Summary.FederationCaseId)];
}
