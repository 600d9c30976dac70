using System.Security.Cryptography.X509Certificates;
using Federation.Core.Audit;
using Federation.Core.Identity;
using Federation.Core.Transparency;
using Federation.Node.Hosting;
using Federation.Node.Peers;
using Federation.Node.Security;
using Federation.Node.Transparency;
using Federation.Testing;
using Federation.Transparency;

namespace Federation.Node.Tests;

/// <summary>
/// DE's node certificate and key rotate while it runs, and its log's key with them: DE signs a checkpoint with the new
/// key at once, always serves the certificate whose key signed the note it serves, and its witness FR takes the new key
/// only under a certificate DE's anchor vouches for. Real nodes; the witness worker's own schedule is off.
/// </summary>
public sealed class LogKeyRotationTests
{
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Federation:Transparency:Witness:Enabled"] = "false",
        ["Federation:Peer:CertificateReloadInterval"] = "00:00:00.100",
    };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Rotation_SignsWithTheNewKeyAtOnce_WitnessTakesTheKeyChangeAndCosigns()
    {
        await using var federation = await TestFederation.StartAsync(["FR", "DE"], extraSettings: Settings, cancellationToken: Ct);
        var de = federation["DE"];
        await de.SignCheckpointAsync(Ct);
        Assert.Equal(WitnessOutcome.First, (await WitnessAsync(federation["FR"], Ct)).Outcome);
        var keys = de.Services.GetRequiredService<LogKeyring>();
        var oldSigner = keys.Current;
        var oldCertificate = de.Services.GetRequiredService<NodeIdentity>().Current.RawData;

        using var renewed = federation.Pki.Node("DE");
        var runtime = de.Services.GetRequiredService<NodeRuntime>();
        CertificateFactory.WritePem(renewed, runtime.Peer.CertificatePath!, runtime.Peer.KeyPath!);
        using var renewedKey = renewed.GetECDsaPublicKey()!;
        var newKey = NoteKey.From("federation.audit/de", renewedKey);

        // A checkpoint under the new key, without anyone asking: DE's latest note opens with it.
        var latest = await Eventually.UntilAsync(() => LatestAsync(de, Ct), c => c is not null && Opens(c.Note, newKey), "DE to sign a checkpoint with its new key");
        var served = await federation["FR"].Services.GetRequiredService<PeerClient>().GetCheckpointAsync(JurisdictionCode.Parse("DE"), Ct);
        Assert.Equal(renewed.RawData, served.LogCertificate.ToByteArray());
        Assert.Equal(latest!.Note, served.Note);

        var verdict = await WitnessAsync(federation["FR"], Ct);
        Assert.True(verdict.MayCosign, $"FR did not take DE's new key: {verdict.Outcome} {verdict.Reason}");
        var changed = Assert.Single(await AuditAsync(federation["FR"]), e => e.Kind == AuditKinds.WitnessPartnerKeyChanged);
        Assert.Contains($"key {newKey.KeyId:x8} (was {oldSigner.PublicKey.KeyId:x8})", changed.Detail, StringComparison.Ordinal);
        var cosigned = SignedNote.Parse((await LatestAsync(de, Ct))!.Note);
        Assert.Contains(cosigned.Signatures, s => s.KeyName == "federation.audit/fr");
        Assert.Equal([oldSigner.PublicKey.KeyId, newKey.KeyId], keys.All.Select(k => k.KeyId));

        // A note still signed by the old key (as in the moment before the fresh checkpoint) comes with the old certificate.
        var head = await de.LogHeadAsync(Ct);
        var old = oldSigner.Sign(new Checkpoint("federation.audit/de", head.Size, head.RootHash, DateTimeOffset.UtcNow.AddSeconds(1)));
        await AddAsync(de, new StoredCheckpoint("DE", head.Size, head.RootHash, DateTimeOffset.UtcNow.AddSeconds(1), old.Format()));
        var servedOld = await federation["FR"].Services.GetRequiredService<PeerClient>().GetCheckpointAsync(JurisdictionCode.Parse("DE"), Ct);
        Assert.Equal(oldCertificate, servedOld.LogCertificate.ToByteArray());
        Assert.True((await WitnessAsync(federation["FR"], Ct)).MayCosign, "the old key's note, under the old certificate, still holds");
    }

    [Fact]
    public async Task KeyFromACertificateDesAnchorDoesNotVouchFor_WitnessRefusesAndCosignsNothing()
    {
        await using var federation = await TestFederation.StartAsync(["FR", "DE"], extraSettings: Settings, cancellationToken: Ct);
        var de = federation["DE"];
        await de.SignCheckpointAsync(Ct);
        var seen = await WitnessAsync(federation["FR"], Ct);
        Assert.Equal(WitnessOutcome.First, seen.Outcome);

        // DE's log key store is made to sign with a key certified by another CA in DE's name (DE's TLS identity is
        // untouched, so the peer connection itself still holds): the certificate served with the note is that one.
        using var rogue = federation.Pki.Node("XX", claimedJurisdiction: "DE");
        de.Services.GetRequiredService<LogKeyring>().Use(rogue);
        await CreateCaseAsync(de);
        Assert.Equal(CheckpointOutcomeKind.Signed, (await de.SignCheckpointAsync(Ct)).Kind);

        var verdict = await WitnessAsync(federation["FR"], Ct);

        Assert.Equal(WitnessOutcome.Invalid, verdict.Outcome);
        Assert.Contains("log certificate is not trusted", verdict.Reason, StringComparison.Ordinal);
        Assert.Equal(seen.Checkpoint!.Size, (await LatestAsync(federation["FR"], "federation.audit/de", Ct))!.Size);
        Assert.DoesNotContain(await AuditAsync(federation["FR"]), e => e.Kind == AuditKinds.WitnessPartnerKeyChanged);
        Assert.DoesNotContain(SignedNote.Parse((await LatestAsync(de, Ct))!.Note).Signatures, s => s.KeyName == "federation.audit/fr");
    }

    private static bool Opens(string note, NoteKey key)
    {
        try
        {
            CheckpointVerifier.Open(note, key);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static Task<WitnessVerdict> WitnessAsync(TestNode witness, CancellationToken ct) =>
        witness.Services.GetRequiredService<WitnessWorker>().WitnessAsync(JurisdictionCode.Parse("DE"), ct);

    private static Task<StoredCheckpoint?> LatestAsync(TestNode node, CancellationToken ct) => LatestAsync(node, node.Jurisdiction, ct);

    private static async Task<StoredCheckpoint?> LatestAsync(TestNode node, string log, CancellationToken ct)
    {
        await using var scope = node.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ICheckpointStore>().LatestAsync(log, ct);
    }

    private static async Task AddAsync(TestNode node, StoredCheckpoint checkpoint)
    {
        await using var scope = node.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ICheckpointStore>().AddAsync(checkpoint, Ct);
    }

    private static async Task<IReadOnlyList<AuditEntry>> AuditAsync(TestNode node)
    {
        await using var scope = node.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IAuditLog>().ReadAsync(0, 100_000, Ct);
    }

    private static Task CreateCaseAsync(TestNode node) => node.AdminClient().Cases.CreateCaseAsync(new Contracts.V1.CreateCaseRequest
    {
        Fields = new Contracts.V1.CaseFields { Title = "t", Synopsis = "s", Sector = "health", Tlp = Contracts.V1.TlpLabel.Amber },
    }, cancellationToken: Ct).ResponseAsync;
}
