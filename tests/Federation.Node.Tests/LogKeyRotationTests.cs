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
    public async Task AForkAfterARotation_KeepsEachNotesCertificate_BothVerifyOfflineAfterTheWitnessRestarted()
    {
        await using var federation = await TestFederation.StartAsync(["FR", "DE"], extraSettings: Settings, cancellationToken: Ct);
        var de = federation["DE"];
        await de.SignCheckpointAsync(Ct);
        var seen = (await WitnessAsync(federation["FR"], Ct)).Checkpoint!;
        var oldCertificate = de.Services.GetRequiredService<NodeIdentity>().Current.RawData;
        var (renewed, newSigner) = await RotateAsync(federation);
        using var _ = renewed;

        // After the rotation DE's log grows, and DE signs a head of that size with another root under its new key.
        await CreateCaseAsync(de);
        Assert.Equal(CheckpointOutcomeKind.Signed, (await de.SignCheckpointAsync(Ct)).Kind);
        var head = await de.LogHeadAsync(Ct);
        Assert.True(head.Size > seen.Size);
        var forgedRoot = Enumerable.Repeat((byte)7, 32).ToArray();
        var at = DateTimeOffset.UtcNow.AddSeconds(1);
        await AddAsync(de, new StoredCheckpoint("DE", head.Size, forgedRoot, at, newSigner.Sign(new Checkpoint("federation.audit/de", head.Size, forgedRoot, at)).Format()));

        // FR restarts first: the old certificate is in no memory any more, only in FR's store with the note it verified.
        var fr = await federation.StartAgainAsync("FR", cancellationToken: Ct);
        var verdict = await WitnessAsync(fr, Ct);

        Assert.Equal(WitnessOutcome.Fork, verdict.Outcome);
        var fork = Assert.Single((await fr.AdminClient().Forks.ListForksAsync(new Contracts.V1.ListForksRequest(), cancellationToken: Ct)).Forks);
        Assert.Equal(oldCertificate, fork.Known.Certificate.ToByteArray());
        Assert.Equal(renewed.RawData, fork.Conflicting.Certificate.ToByteArray());
        // What an auditor does with the listing alone: each note opens with its own certificate's key, not the other's.
        var knownKey = KeyOf(fork.Known.Certificate.ToByteArray());
        var conflictingKey = KeyOf(fork.Conflicting.Certificate.ToByteArray());
        Assert.Equal(seen.Size, CheckpointVerifier.Open(fork.Known.Note, knownKey).Size);
        Assert.Equal(head.Size, CheckpointVerifier.Open(fork.Conflicting.Note, conflictingKey).Size);
        Assert.Throws<FormatException>(() => CheckpointVerifier.Open(fork.Known.Note, conflictingKey));
        // The proof DE gave fails between the two signed roots, and is kept as DE gave it.
        Assert.NotNull(fork.FailedProof);
        Assert.Equal((seen.Size, head.Size), (fork.FailedProof.OldSize, fork.FailedProof.NewSize));
        Assert.False(MerkleVerifier.VerifyConsistency(seen.Size, head.Size, [.. fork.FailedProof.Hashes.Select(h => h.ToByteArray())], seen.RootHash, forgedRoot));
        Assert.True(MerkleVerifier.VerifyConsistency(seen.Size, head.Size, [.. fork.FailedProof.Hashes.Select(h => h.ToByteArray())], seen.RootHash, head.RootHash));
    }

    [Fact]
    public async Task AnOlderNoteUnderTheOldKey_ServedAfterTheRotation_IsNotKeptNorAuditedAsAKeyChange()
    {
        await using var federation = await TestFederation.StartAsync(["FR", "DE"], extraSettings: Settings, cancellationToken: Ct);
        var de = federation["DE"];
        await de.SignCheckpointAsync(Ct);
        Assert.Equal(WitnessOutcome.First, (await WitnessAsync(federation["FR"], Ct)).Outcome);
        var oldSigner = de.Services.GetRequiredService<LogKeyring>().Current;
        var (renewed, _) = await RotateAsync(federation);
        using var __ = renewed;
        Assert.True((await WitnessAsync(federation["FR"], Ct)).MayCosign);
        var kept = (await LatestAsync(federation["FR"], "federation.audit/de", Ct))!;
        Assert.Single(await AuditAsync(federation["FR"]), e => e.Kind == AuditKinds.WitnessPartnerKeyChanged);

        // DE now serves the head FR kept, but as the old key signed it a second earlier (a replica not rotated yet, a
        // stale cache): written into DE's store as its latest row, so that DE's own log server serves it, with the old
        // certificate, which still holds.
        var stale = oldSigner.Sign(new Checkpoint("federation.audit/de", kept.Size, kept.RootHash, kept.At.AddSeconds(-1))).Format();
        await AddAsync(de, new StoredCheckpoint("DE", kept.Size, kept.RootHash, DateTimeOffset.UtcNow.AddMinutes(1), stale));
        Assert.Equal(stale, (await federation["FR"].Services.GetRequiredService<PeerClient>().GetCheckpointAsync(JurisdictionCode.Parse("DE"), Ct)).Note);

        for (var pass = 0; pass < 3; pass++)
        {
            var verdict = await WitnessAsync(federation["FR"], Ct);
            Assert.Equal(WitnessOutcome.Unchanged, verdict.Outcome);
        }

        // Consistent, so nothing is wrong; but it is not kept, so the key FR saw last is still the new one: no change to say.
        Assert.Single(await AuditAsync(federation["FR"]), e => e.Kind == AuditKinds.WitnessPartnerKeyChanged);
        Assert.Equal(kept.Note, (await LatestAsync(federation["FR"], "federation.audit/de", Ct))!.Note);
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

    /// <summary>Renews DE's certificate and key on disk and waits until DE signs its log with the new key.</summary>
    private static async Task<(X509Certificate2 Renewed, NoteSigner Signer)> RotateAsync(TestFederation federation)
    {
        var de = federation["DE"];
        var renewed = federation.Pki.Node("DE");
        var runtime = de.Services.GetRequiredService<NodeRuntime>();
        CertificateFactory.WritePem(renewed, runtime.Peer.CertificatePath!, runtime.Peer.KeyPath!);
        var newKey = KeyOf(renewed.RawData);
        await Eventually.UntilAsync(() => LatestAsync(de, Ct), c => c is not null && Opens(c.Note, newKey), "DE to sign a checkpoint with its new key");
        return (renewed, de.Services.GetRequiredService<LogKeyring>().Current);
    }

    private static NoteKey KeyOf(byte[] certificateDer)
    {
        using var certificate = X509CertificateLoader.LoadCertificate(certificateDer);
        using var key = certificate.GetECDsaPublicKey()!;
        return NoteKey.From("federation.audit/de", key);
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
