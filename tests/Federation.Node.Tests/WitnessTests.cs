using Federation.Contracts.V1;
using Federation.Core;
using Federation.Core.Audit;
using Federation.Core.Identity;
using Federation.Core.Transparency;
using Federation.Node.Peers;
using Federation.Node.Transparency;
using Federation.Testing;
using Federation.Transparency;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Federation.Node.Tests;

/// <summary>
/// Partners as witnesses of each other's logs, and receipts: real nodes, real stores. The witness worker's own schedule
/// is off here, so that each exchange happens when the test says.
/// </summary>
public sealed class WitnessTests
{
    private static readonly Dictionary<string, string?> Manual = new()
    {
        ["Federation:Transparency:Witness:Enabled"] = "false",
    };

    [Fact]
    public async Task Partners_CosignACheckpointTheyVerified_AndAReceiptIsProvedByTheReceiversLog()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var federation = await TestFederation.StartAsync(["FR", "DE", "JP"], extraSettings: Manual, cancellationToken: ct);
        var messageId = await ShareAsync(federation, ct);

        // The receipt DE gave FR with its acknowledgement: signed with DE's log key, for this message.
        var delivery = (await federation["FR"].AdminClient().Deliveries.ListDeliveriesAsync(new ListDeliveriesRequest(), cancellationToken: ct))
            .Deliveries.Single(d => d.MessageId == messageId);
        Assert.NotEmpty(delivery.Receipt);
        var deKey = federation["DE"].Services.GetRequiredService<LogKeyring>().Current.PublicKey;
        var receipt = LogReceipt.Open(delivery.Receipt, [deKey]);
        Assert.Equal(messageId, receipt.MessageId);
        Assert.Equal(receipt.Index, delivery.ReceiptIndex);

        await SignAsync(federation["DE"], ct);
        Assert.Equal(WitnessOutcome.First, (await WitnessAsync(federation["FR"], "DE", ct)).Outcome);
        Assert.Equal(WitnessOutcome.First, (await WitnessAsync(federation["JP"], "DE", ct)).Outcome);

        // DE's latest checkpoint now carries both cosignatures, each verifying with its witness's own key.
        var note = SignedNote.Parse((await LatestAsync(federation["DE"], "DE", ct))!.Note);
        var checkpoint = CheckpointVerifier.Open(note, deKey);
        foreach (var witness in new[] { "FR", "JP" })
        {
            var key = federation[witness].Services.GetRequiredService<LogKeyring>().Current.PublicKey;
            Assert.Contains(note.Signatures, s => Cosignature.Verify(checkpoint, s, key) is not null);
        }

        // Cosigning again adds nothing: one cosignature per witness and checkpoint, however often it calls.
        var again = federation["FR"].Services.GetRequiredService<LogKeyring>().Current.Cosign(checkpoint, DateTimeOffset.UtcNow.AddSeconds(5));
        var line = new SignedNote(checkpoint.ToText(), [again]).Format()[(checkpoint.ToText().Length + 1)..];
        var answer = await federation["FR"].Services.GetRequiredService<PeerClient>().CosignAsync(JurisdictionCode.Parse("DE"), checkpoint.ToText(), line, ct);
        Assert.Equal(2, answer.Cosignatures);
        var after = SignedNote.Parse((await LatestAsync(federation["DE"], "DE", ct))!.Note);
        Assert.Single(after.Signatures, s => s.KeyName == "federation.audit/fr");

        // FR holds DE to its receipt: DE's inclusion proof of that leaf leads to a checkpoint DE signed, and the
        // leaf is the one DE's log holds for the message, with the digest the receipt names.
        var proof = await federation["FR"].Services.GetRequiredService<PeerClient>().GetInclusionProofAsync(JurisdictionCode.Parse("DE"), receipt.Index, ct);
        var proved = CheckpointVerifier.Open(proof.CheckpointNote, deKey);
        var leafHash = MerkleHash.Leaf(proof.Leaf.Span);
        Assert.True(MerkleVerifier.VerifyInclusion(receipt.Index, proved.Size, leafHash, [.. proof.Hashes.Select(h => h.ToByteArray())], proved.RootHash));
        await using (var scope = federation["DE"].Services.CreateAsyncScope())
        {
            var leaf = Assert.Single(await scope.ServiceProvider.GetRequiredService<ITransparencyLog>().LeavesAsync(receipt.Index, 1, ct));
            Assert.Equal(leafHash, leaf.Hash());
            Assert.Equal(AuditKinds.EnvelopeAccepted, leaf.Kind);
            Assert.Equal(receipt.MessageDigest, leaf.MessageDigest);
        }

        // A leaf that records anything but a message from FR is not FR's to read: JP asking for FR's leaf gets NOT_FOUND.
        var refused = await Assert.ThrowsAsync<global::Grpc.Core.RpcException>(() =>
            federation["JP"].Services.GetRequiredService<PeerClient>().GetInclusionProofAsync(JurisdictionCode.Parse("DE"), receipt.Index, ct));
        Assert.Equal(global::Grpc.Core.StatusCode.NotFound, refused.StatusCode);

        // DE's log grows; at the next exchange FR checks the proof from what it saw and cosigns again.
        await ShareAsync(federation, ct);
        await SignAsync(federation["DE"], ct);
        var grown = await WitnessAsync(federation["FR"], "DE", ct);
        Assert.Equal(WitnessOutcome.Grown, grown.Outcome);
        Assert.True(grown.Checkpoint!.Size > checkpoint.Size);
    }

    [Fact]
    public async Task TwoWitnessesCosigningAtOnce_AndARestart_TheKeptCheckpointCarriesBoth()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var federation = await TestFederation.StartAsync(["FR", "DE", "JP"], extraSettings: Manual, cancellationToken: ct);
        await ShareAsync(federation, ct);
        await SignAsync(federation["DE"], ct);
        var cosigned = (await LatestAsync(federation["DE"], "DE", ct))!;
        var deKey = federation["DE"].Services.GetRequiredService<LogKeyring>().Current.PublicKey;

        var verdicts = await Task.WhenAll(WitnessAsync(federation["FR"], "DE", ct), WitnessAsync(federation["JP"], "DE", ct));
        Assert.All(verdicts, v => Assert.Equal(WitnessOutcome.First, v.Outcome));

        // DE restarts (and signs its head anew at start): the checkpoint both cosigned is kept with both lines.
        await federation.StopAsync("DE");
        var de = await federation.StartAgainAsync("DE", cancellationToken: ct);
        await using var scope = de.Services.CreateAsyncScope();
        var kept = (await scope.ServiceProvider.GetRequiredService<ICheckpointStore>().ListAsync("DE", DateTimeOffset.MinValue, DateTimeOffset.MaxValue, ct))
            .Single(c => c.Size == cosigned.Size && c.At == cosigned.At);
        var note = SignedNote.Parse(kept.Note);
        var checkpoint = CheckpointVerifier.Open(note, deKey);
        foreach (var witness in new[] { "FR", "JP" })
        {
            var key = federation[witness].Services.GetRequiredService<LogKeyring>().Current.PublicKey;
            Assert.Single(note.Signatures, s => Cosignature.Verify(checkpoint, s, key) is not null);
        }
    }

    [Fact]
    public async Task APartnerThatRewritesAPastLeaf_IsCaughtAsAForkAtTheNextExchange_AndNoLongerCosigned()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var federation = await TestFederation.StartAsync(["FR", "DE", "JP"], extraSettings: Manual, cancellationToken: ct);
        var (seen, head, de) = await ForkDeAsync(federation, ["FR", "JP"], ct);

        foreach (var witness in new[] { "FR", "JP" })
        {
            Assert.Equal(WitnessOutcome.Fork, (await WitnessAsync(federation[witness], "DE", ct)).Outcome);
            // Both signed heads kept as evidence, and the fork audited.
            var fork = Assert.Single(await ForksAsync(federation[witness], ct));
            Assert.Equal(("DE", "federation.audit/de", seen.Size, head.Size), (fork.Partner, fork.Log, fork.Known.Size, fork.Conflicting.Size));
            Assert.Equal(head.RootHash, fork.Conflicting.RootHash.ToByteArray());
            Assert.Equal(seen.Size, (await LatestAsync(federation[witness], "federation.audit/de", ct))!.Size);
            // With each note, the certificate whose key verified it (DE's restart gave it a new one), and the proof that
            // fails: DE's own, from the head seen to the forged one, which does not lead from one root to the other.
            Assert.Equal(seen.Size, OpenWith(fork.Known.Certificate.ToByteArray(), fork.Known.Note).Size);
            Assert.Equal(DeCertificate(federation), fork.Conflicting.Certificate.ToByteArray());
            Assert.Equal(head.Size, OpenWith(fork.Conflicting.Certificate.ToByteArray(), fork.Conflicting.Note).Size);
            var real = await federation[witness].Services.GetRequiredService<PeerClient>().GetConsistencyProofAsync(JurisdictionCode.Parse("DE"), seen.Size, head.Size, ct);
            Assert.NotNull(fork.FailedProof);
        Assert.Equal((seen.Size, head.Size), (fork.FailedProof.OldSize, fork.FailedProof.NewSize));
            Assert.NotEmpty(fork.FailedProof.Hashes);
            Assert.Equal(real.Hashes, fork.FailedProof.Hashes);
            Assert.False(MerkleVerifier.VerifyConsistency(seen.Size, head.Size, [.. fork.FailedProof.Hashes.Select(h => h.ToByteArray())], seen.RootHash, head.RootHash));
            Assert.Contains(await AuditKindsAsync(federation[witness], ct), k => k == AuditKinds.WitnessForkDetected);
        }

        // No witness cosigns the forged head, now or at the next exchange, and one fork is recorded, not one per exchange.
        Assert.Equal(WitnessOutcome.Fork, (await WitnessAsync(federation["FR"], "DE", ct)).Outcome);
        Assert.Single(await ForksAsync(federation["FR"], ct));
        var latest = SignedNote.Parse((await LatestAsync(de, "DE", ct))!.Note);
        Assert.DoesNotContain(latest.Signatures, s => s.KeyName is "federation.audit/fr" or "federation.audit/jp");
    }

    [Fact]
    public async Task AnOperatorClearsAFork_ThePartnerIsCosignedAgain_AndTheEvidenceStaysMarkedCleared()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var federation = await TestFederation.StartAsync(["FR", "DE", "JP"], extraSettings: Manual, cancellationToken: ct);
        var (seen, head, de) = await ForkDeAsync(federation, ["FR", "JP"], ct);
        Assert.Equal(WitnessOutcome.Fork, (await WitnessAsync(federation["FR"], "DE", ct)).Outcome);
        Assert.Equal(WitnessOutcome.Fork, (await WitnessAsync(federation["JP"], "DE", ct)).Outcome);
        var forks = federation["FR"].AdminClient().Forks;

        // Refused: no reason; a jurisdiction that is no partner; a partner whose log has no fork (JP's, on FR).
        Assert.Equal(global::Grpc.Core.StatusCode.InvalidArgument, (await Assert.ThrowsAsync<global::Grpc.Core.RpcException>(() =>
            forks.ClearForkAsync(new ClearForkRequest { Partner = "DE", Reason = " " }, cancellationToken: ct).ResponseAsync)).StatusCode);
        Assert.Equal(global::Grpc.Core.StatusCode.NotFound, (await Assert.ThrowsAsync<global::Grpc.Core.RpcException>(() =>
            forks.ClearForkAsync(new ClearForkRequest { Partner = "US", Reason = "looked" }, cancellationToken: ct).ResponseAsync)).StatusCode);
        Assert.Equal(global::Grpc.Core.StatusCode.FailedPrecondition, (await Assert.ThrowsAsync<global::Grpc.Core.RpcException>(() =>
            forks.ClearForkAsync(new ClearForkRequest { Partner = "JP", Reason = "looked" }, cancellationToken: ct).ResponseAsync)).StatusCode);

        var cleared = await forks.ClearForkAsync(new ClearForkRequest { Partner = "de", Reason = "DE restored its store from a backup; ticket 4711" }, cancellationToken: ct);
        Assert.Equal(head.Size, Assert.Single(cleared.Forks).Conflicting.Size);

        // Cleared once: a second clear finds nothing open.
        var again = await Assert.ThrowsAsync<global::Grpc.Core.RpcException>(() =>
            forks.ClearForkAsync(new ClearForkRequest { Partner = "DE", Reason = "again" }, cancellationToken: ct).ResponseAsync);
        Assert.Equal(global::Grpc.Core.StatusCode.FailedPrecondition, again.StatusCode);

        // The evidence stays, marked cleared, with who and why; the clearing is audited as that operator.
        var fork = Assert.Single(await ForksAsync(federation["FR"], ct));
        Assert.True(fork.Cleared);
        Assert.Equal("DE restored its store from a backup; ticket 4711", fork.ClearReason);
        Assert.StartsWith("operator:", fork.ClearedBy, StringComparison.Ordinal);
        Assert.Equal((seen.Size, head.Size), (fork.Known.Size, fork.Conflicting.Size));
        await using (var scope = federation["FR"].Services.CreateAsyncScope())
        {
            var entry = Assert.Single(await scope.ServiceProvider.GetRequiredService<IAuditLog>().ReadAsync(0, 10_000, ct), e => e.Kind == AuditKinds.WitnessForkCleared);
            Assert.Equal((fork.ClearedBy, "federation.audit/de"), (entry.Actor, entry.Subject));
            Assert.Contains("ticket 4711", entry.Detail, StringComparison.Ordinal);
        }

        // FR witnesses DE's log again from its current head, and cosigns it; JP, which did not clear, still does not.
        var resumed = await WitnessAsync(federation["FR"], "DE", ct);
        Assert.Equal(WitnessOutcome.First, resumed.Outcome);
        Assert.Equal(head.Size, resumed.Checkpoint!.Size);
        Assert.Equal(WitnessOutcome.Fork, (await WitnessAsync(federation["JP"], "DE", ct)).Outcome);
        var latest = SignedNote.Parse((await LatestAsync(de, "DE", ct))!.Note);
        var frKey = federation["FR"].Services.GetRequiredService<LogKeyring>().Current.PublicKey;
        Assert.Contains(latest.Signatures, s => Cosignature.Verify(resumed.Checkpoint, s, frKey) is not null);
        Assert.DoesNotContain(latest.Signatures, s => s.KeyName == "federation.audit/jp");

        // The checkpoint FR had kept before the fork is still there, as evidence.
        await using (var scope = federation["FR"].Services.CreateAsyncScope())
        {
            var kept = await scope.ServiceProvider.GetRequiredService<ICheckpointStore>().ListAsync("federation.audit/de", DateTimeOffset.MinValue, DateTimeOffset.MaxValue, ct);
            Assert.Contains(kept, c => c.Size == seen.Size);
            Assert.Contains(kept, c => c.Size == head.Size);
        }
    }

    [Fact]
    public async Task ACheckpointSignedByAnotherKey_IsRefusedAndAudited_NotCosigned()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var federation = await TestFederation.StartAsync(["FR", "DE"], extraSettings: Manual, cancellationToken: ct);
        var head = await federation["DE"].LogHeadAsync(ct);
        // A checkpoint in DE's name signed with FR's key: the certificate DE serves does not verify it.
        using var frKey = federation["FR"].Services.GetRequiredService<Security.NodeIdentity>().Current.GetECDsaPrivateKey()!;
        var wrong = new NoteSigner("federation.audit/de", frKey).Sign(new Checkpoint("federation.audit/de", head.Size, head.RootHash, DateTimeOffset.UtcNow));
        await using (var scope = federation["DE"].Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ICheckpointStore>().AddAsync(
                new StoredCheckpoint("DE", head.Size, head.RootHash, DateTimeOffset.UtcNow, wrong.Format()), ct);
        }

        var verdict = await WitnessAsync(federation["FR"], "DE", ct);
        Assert.Equal(WitnessOutcome.Invalid, verdict.Outcome);
        Assert.False(verdict.MayCosign);
        Assert.Contains(await AuditKindsAsync(federation["FR"], ct), k => k == AuditKinds.WitnessCheckpointRefused);
        Assert.Null(await LatestAsync(federation["FR"], "federation.audit/de", ct));
    }

    [Fact]
    public async Task APartnersCheckpointOfSizeZeroWithAnotherRoot_IsRefusedAndAudited_NotKept()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var federation = await TestFederation.StartAsync(["FR", "DE"], extraSettings: Manual, cancellationToken: ct);
        var deSigner = federation["DE"].Services.GetRequiredService<LogKeyring>().Current;
        var forged = deSigner.Sign(new Checkpoint("federation.audit/de", 0, Enumerable.Repeat((byte)1, 32).ToArray(), DateTimeOffset.UtcNow)).Format();

        await using var scope = federation["FR"].Services.CreateAsyncScope();
        var verdict = await scope.ServiceProvider.GetRequiredService<LogWitness>().ObserveAsync(
            JurisdictionCode.Parse("DE"), deSigner.PublicKey, DeCertificate(federation), forged,
            new PartnerLogClient(federation["FR"].Services.GetRequiredService<PeerClient>(), JurisdictionCode.Parse("DE")), ct);

        Assert.Equal(WitnessOutcome.Invalid, verdict.Outcome);
        Assert.Contains("size 0", verdict.Reason, StringComparison.Ordinal);
        Assert.Contains(await AuditKindsAsync(federation["FR"], ct), k => k == AuditKinds.WitnessCheckpointRefused);
        Assert.Null(await LatestAsync(federation["FR"], "federation.audit/de", ct));
    }

    [Fact]
    public async Task APartnerNoteLongerThanTheCap_IsRefusedAndAudited_NotKept()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var federation = await TestFederation.StartAsync(["FR", "DE"], extraSettings: Manual, cancellationToken: ct);
        var head = await federation["DE"].LogHeadAsync(ct);
        var deSigner = federation["DE"].Services.GetRequiredService<LogKeyring>().Current;
        var honest = deSigner.Sign(new Checkpoint("federation.audit/de", head.Size, head.RootHash, DateTimeOffset.UtcNow)).Format();
        // The same checkpoint, with one more signature line under a key nobody knows: ignored by the check, but kept
        // verbatim as evidence, so a partner could fill the store (and the fork list) with it.
        var padded = honest + $"— federation.audit/zz {Convert.ToBase64String(new byte[12_000])}\n";

        var verdict = await ObserveAsync(federation, padded, ct);

        Assert.Equal(WitnessOutcome.Invalid, verdict.Outcome);
        Assert.Contains("8192", verdict.Reason, StringComparison.Ordinal);
        Assert.Contains(await AuditKindsAsync(federation["FR"], ct), k => k == AuditKinds.WitnessCheckpointRefused);
        Assert.Null(await LatestAsync(federation["FR"], "federation.audit/de", ct));
        // The note without the padding is the one taken.
        Assert.Equal(WitnessOutcome.First, (await ObserveAsync(federation, honest, ct)).Outcome);
    }

    [Fact]
    public async Task AHeadSignedLaterWithFewerLeaves_IsAForkAtOnce_AndHealthIsDegradedUntilCleared()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var federation = await TestFederation.StartAsync(["FR", "DE"], extraSettings: Manual, cancellationToken: ct);
        await ShareAsync(federation, ct);
        await SignAsync(federation["DE"], ct);
        var seen = (await WitnessAsync(federation["FR"], "DE", ct)).Checkpoint!;
        Assert.True(seen.Size > 1);
        Assert.Equal(HealthStatus.Healthy, await ForkHealthAsync(federation["FR"], ct));

        // DE restored from an older backup signs its smaller head: no proof can show it, and none is needed.
        var rolledBack = federation["DE"].Services.GetRequiredService<LogKeyring>().Current
            .Sign(new Checkpoint("federation.audit/de", seen.Size - 1, new byte[32], seen.Time.AddMinutes(1))).Format();
        var verdict = await ObserveAsync(federation, rolledBack, ct);

        Assert.Equal(WitnessOutcome.Fork, verdict.Outcome);
        Assert.Contains("rolled back", verdict.Reason, StringComparison.Ordinal);
        var fork = Assert.Single(await ForksAsync(federation["FR"], ct));
        Assert.Equal((seen.Size, seen.Size - 1), (fork.Known.Size, fork.Conflicting.Size));
        Assert.Equal(HealthStatus.Degraded, await ForkHealthAsync(federation["FR"], ct));

        await federation["FR"].AdminClient().Forks.ClearForkAsync(new ClearForkRequest { Partner = "DE", Reason = "DE restored a backup; ticket 12" }, cancellationToken: ct);
        Assert.Equal(HealthStatus.Healthy, await ForkHealthAsync(federation["FR"], ct));
    }

    [Fact]
    public async Task APartnerThatKeepsRefusingTheProof_IsAForkAfterFiveRefusalsInARow_EachAudited()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var federation = await TestFederation.StartAsync(["FR", "DE"], extraSettings: Manual, cancellationToken: ct);
        await SignAsync(federation["DE"], ct);
        var seen = (await WitnessAsync(federation["FR"], "DE", ct)).Checkpoint!;
        // A head DE signs but will not prove: its own log server refuses a proof beyond its latest signed checkpoint.
        var unproven = federation["DE"].Services.GetRequiredService<LogKeyring>().Current
            .Sign(new Checkpoint("federation.audit/de", seen.Size + 5, new byte[32], DateTimeOffset.UtcNow)).Format();

        for (var i = 1; i < ConsistencyRefusals.ForkAfter; i++)
        {
            var refused = await ObserveAsync(federation, unproven, ct);
            Assert.Equal(WitnessOutcome.Invalid, refused.Outcome);
            Assert.Contains($"refused {i} time(s) in a row", refused.Reason, StringComparison.Ordinal);
        }

        Assert.Empty(await ForksAsync(federation["FR"], ct));
        Assert.Equal(ConsistencyRefusals.ForkAfter - 1, (await AuditKindsAsync(federation["FR"], ct)).Count(k => k == AuditKinds.WitnessProofRefused));

        var verdict = await ObserveAsync(federation, unproven, ct);
        Assert.Equal(WitnessOutcome.Fork, verdict.Outcome);
        var fork = Assert.Single(await ForksAsync(federation["FR"], ct));
        Assert.Equal((seen.Size, seen.Size + 5), (fork.Known.Size, fork.Conflicting.Size));
        Assert.Equal(unproven, fork.Conflicting.Note);
        Assert.Null(fork.FailedProof);
    }

    [Fact]
    public async Task RefusalsInARow_AreCountedOnAcrossARestartOfTheWitness()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var federation = await TestFederation.StartAsync(["FR", "DE"], extraSettings: Manual, cancellationToken: ct);
        await SignAsync(federation["DE"], ct);
        var seen = (await WitnessAsync(federation["FR"], "DE", ct)).Checkpoint!;
        var unproven = federation["DE"].Services.GetRequiredService<LogKeyring>().Current
            .Sign(new Checkpoint("federation.audit/de", seen.Size + 5, new byte[32], DateTimeOffset.UtcNow)).Format();
        for (var i = 1; i < ConsistencyRefusals.ForkAfter; i++)
        {
            Assert.Equal(WitnessOutcome.Invalid, (await ObserveAsync(federation, unproven, ct)).Outcome);
        }

        // FR restarts (a new process on the same store, nothing in memory kept): DE's fifth refusal is still the fifth.
        await federation.StartAgainAsync("FR", cancellationToken: ct);
        var verdict = await ObserveAsync(federation, unproven, ct);

        Assert.Equal(WitnessOutcome.Fork, verdict.Outcome);
        Assert.Contains($"refused {ConsistencyRefusals.ForkAfter} time(s) in a row", verdict.Reason, StringComparison.Ordinal);
        Assert.Single(await ForksAsync(federation["FR"], ct));
    }

    [Fact]
    public async Task AForkWhoseSaveFailsOnAnotherUniqueIndex_IsNotTakenAsRecordedAlready()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var federation = await TestFederation.StartAsync(["FR", "DE"], extraSettings: Manual, cancellationToken: ct);
        await SignAsync(federation["DE"], ct);
        var seen = (await WitnessAsync(federation["FR"], "DE", ct)).Checkpoint!;
        var other = federation["DE"].Services.GetRequiredService<LogKeyring>().Current
            .Sign(new Checkpoint("federation.audit/de", seen.Size, new byte[32], seen.Time.AddSeconds(1))).Format();
        var endpoint = new Storage.PeerEndpoint { Jurisdiction = "ZZ", Endpoint = "https://zz.node.example:7440", UpdatedAt = DateTimeOffset.UnixEpoch };
        await using (var first = federation["FR"].Services.CreateAsyncScope())
        {
            var db = first.ServiceProvider.GetRequiredService<Storage.FederationDbContext>();
            db.PeerEndpoints.Add(endpoint);
            await db.SaveChangesAsync(ct);
        }

        // The witness's unit of work holds, beside the fork, a row another unique key refuses: the save fails on that
        // key, not on one open fork per log, so it is an error and no fork "recorded already" by someone else.
        await using (var scope = federation["FR"].Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<Storage.FederationDbContext>().PeerEndpoints.Add(
                new Storage.PeerEndpoint { Jurisdiction = endpoint.Jurisdiction, Endpoint = endpoint.Endpoint, UpdatedAt = endpoint.UpdatedAt });
            var error = await Assert.ThrowsAsync<FederationException>(() => ObserveInAsync(scope, federation, other, DeCertificate(federation), ct));
            Assert.Equal(ErrorCode.AlreadyExists, error.Code);
        }

        Assert.Empty(await ForksAsync(federation["FR"], ct));
        Assert.Equal(WitnessOutcome.Fork, (await ObserveAsync(federation, other, ct)).Outcome);
        Assert.Single(await ForksAsync(federation["FR"], ct));
    }

    [Fact]
    public async Task ListForks_NegativePageSize_InvalidArgument()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var federation = await TestFederation.StartAsync(["FR", "DE"], extraSettings: Manual, cancellationToken: ct);

        var error = await Assert.ThrowsAsync<global::Grpc.Core.RpcException>(() =>
            federation["FR"].AdminClient().Forks.ListForksAsync(new ListForksRequest { PageSize = -1 }, cancellationToken: ct).ResponseAsync);

        Assert.Equal(global::Grpc.Core.StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("page_size", error.Status.Detail, StringComparison.Ordinal);
        Assert.Empty((await federation["FR"].AdminClient().Forks.ListForksAsync(new ListForksRequest { PageSize = 0 }, cancellationToken: ct)).Forks);
    }

    [Fact]
    public async Task APartnerLogCertificateLongerThanTheCap_IsRefusedAndAudited_NotKept()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var federation = await TestFederation.StartAsync(["FR", "DE"], extraSettings: Manual, cancellationToken: ct);
        var head = await federation["DE"].LogHeadAsync(ct);
        var note = federation["DE"].Services.GetRequiredService<LogKeyring>().Current
            .Sign(new Checkpoint("federation.audit/de", head.Size, head.RootHash, DateTimeOffset.UtcNow)).Format();

        // The certificate is kept with the note as evidence: one longer than the cap would fill the store and the fork list.
        var verdict = await ObserveAsync(federation, note, ct, certificate: [.. DeCertificate(federation), .. new byte[SignerCertificate.MaxBytes]]);

        Assert.Equal(WitnessOutcome.Invalid, verdict.Outcome);
        Assert.Contains("4096", verdict.Reason, StringComparison.Ordinal);
        Assert.Contains(await AuditKindsAsync(federation["FR"], ct), k => k == AuditKinds.WitnessCheckpointRefused);
        Assert.Null(await LatestAsync(federation["FR"], "federation.audit/de", ct));
    }

    [Fact]
    public async Task RefusalsInARowStartOverWhenThePartnerProvesAHead()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var federation = await TestFederation.StartAsync(["FR", "DE"], extraSettings: Manual, cancellationToken: ct);
        await SignAsync(federation["DE"], ct);
        var seen = (await WitnessAsync(federation["FR"], "DE", ct)).Checkpoint!;
        var signer = federation["DE"].Services.GetRequiredService<LogKeyring>().Current;
        var unproven = signer.Sign(new Checkpoint("federation.audit/de", seen.Size + 5, new byte[32], DateTimeOffset.UtcNow)).Format();
        for (var i = 1; i < ConsistencyRefusals.ForkAfter; i++)
        {
            Assert.Equal(WitnessOutcome.Invalid, (await ObserveAsync(federation, unproven, ct)).Outcome);
        }

        // DE shows its real head again (the same one FR kept): the count starts over, and the next refusal is the first.
        Assert.Equal(WitnessOutcome.Unchanged, (await WitnessAsync(federation["FR"], "DE", ct)).Outcome);
        var again = await ObserveAsync(federation, unproven, ct);
        Assert.Equal(WitnessOutcome.Invalid, again.Outcome);
        Assert.Contains("refused 1 time(s) in a row", again.Reason, StringComparison.Ordinal);
        Assert.Empty(await ForksAsync(federation["FR"], ct));
    }

    /// <summary>FR's witness observes <paramref name="note"/> as DE's latest checkpoint, asking the real DE for proofs.</summary>
    private static async Task<WitnessVerdict> ObserveAsync(TestFederation federation, string note, CancellationToken ct, byte[]? certificate = null)
    {
        await using var scope = federation["FR"].Services.CreateAsyncScope();
        return await ObserveInAsync(scope, federation, note, certificate ?? DeCertificate(federation), ct);
    }

    private static Task<WitnessVerdict> ObserveInAsync(AsyncServiceScope scope, TestFederation federation, string note, byte[] certificate, CancellationToken ct) =>
        scope.ServiceProvider.GetRequiredService<LogWitness>().ObserveAsync(
            JurisdictionCode.Parse("DE"), federation["DE"].Services.GetRequiredService<LogKeyring>().Current.PublicKey, certificate, note,
            new PartnerLogClient(federation["FR"].Services.GetRequiredService<PeerClient>(), JurisdictionCode.Parse("DE")), ct);

    /// <summary>Opens a checkpoint of DE's log with the key of a certificate (DER), as an auditor with a fork listing would.</summary>
    private static Checkpoint OpenWith(byte[] certificateDer, string note)
    {
        using var certificate = X509CertificateLoader.LoadCertificate(certificateDer);
        using var key = certificate.GetECDsaPublicKey()!;
        return CheckpointVerifier.Open(note, NoteKey.From("federation.audit/de", key));
    }

    /// <summary>The certificate (DER) whose key signs DE's log now, as DE serves it with its checkpoint.</summary>
    private static byte[] DeCertificate(TestFederation federation) => federation["DE"].Services.GetRequiredService<Security.NodeIdentity>().Current.RawData;

    private static async Task<HealthStatus> ForkHealthAsync(TestNode node, CancellationToken ct)
    {
        var report = await node.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(r => r.Name == "forks", ct);
        return report.Entries["forks"].Status;
    }

    /// <summary>
    /// FR shares with DE, DE signs, <paramref name="witnesses"/> see that head; then DE rewrites its second leaf in its own
    /// database, rebuilds its tree, restarts and (dishonestly) signs the new head, which its own signer refuses to.
    /// Returns the head the witnesses saw, the forged one, and DE as it runs now.
    /// </summary>
    private static async Task<(Checkpoint Seen, LogHead Forged, TestNode De)> ForkDeAsync(TestFederation federation, string[] witnesses, CancellationToken ct)
    {
        await ShareAsync(federation, ct);
        await SignAsync(federation["DE"], ct);
        Checkpoint? seen = null;
        foreach (var witness in witnesses)
        {
            var verdict = await WitnessAsync(federation[witness], "DE", ct);
            Assert.Equal(WitnessOutcome.First, verdict.Outcome);
            seen = verdict.Checkpoint;
        }

        var connectionString = federation["DE"].Services.GetRequiredService<Hosting.NodeRuntime>().ConnectionString;
        await federation.StopAsync("DE");
        await RewriteHistoryAsync(connectionString, sequence: 2, ct);
        // The rewrite breaks the older hash chain too, so DE starts only once its operator accepts the break.
        var de = await federation.StartAgainAsync("DE", new Dictionary<string, string?> { ["Federation:Transparency:AcceptBrokenChainBefore"] = "3" }, ct);
        Assert.NotEqual(CheckpointOutcomeKind.Signed, (await de.SignCheckpointAsync(ct)).Kind);
        var head = await de.LogHeadAsync(ct);
        Assert.True(head.Size > seen!.Size);
        var forged = de.Services.GetRequiredService<LogKeyring>().Current.Sign(new Checkpoint("federation.audit/de", head.Size, head.RootHash, DateTimeOffset.UtcNow));
        await using (var scope = de.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ICheckpointStore>().AddAsync(
                new StoredCheckpoint("DE", head.Size, head.RootHash, DateTimeOffset.UtcNow, forged.Format()), ct);
        }

        return (seen, head, de);
    }

    private static async Task<List<Contracts.V1.LogFork>> ForksAsync(TestNode node, CancellationToken ct) =>
        [.. (await node.AdminClient().Forks.ListForksAsync(new ListForksRequest(), cancellationToken: ct)).Forks];

    /// <summary>A checkpoint of the head now (the node's own worker may have signed this very head at its start).</summary>
    private static async Task SignAsync(TestNode node, CancellationToken ct)
    {
        var outcome = await node.SignCheckpointAsync(ct);
        Assert.True(outcome.Kind is CheckpointOutcomeKind.Signed or CheckpointOutcomeKind.Unchanged, $"{node.Jurisdiction} did not sign: {outcome.Kind}");
    }

    private static Task<WitnessVerdict> WitnessAsync(TestNode witness, string partner, CancellationToken ct) =>
        witness.Services.GetRequiredService<WitnessWorker>().WitnessAsync(JurisdictionCode.Parse(partner), ct);

    private static async Task<StoredCheckpoint?> LatestAsync(TestNode node, string log, CancellationToken ct)
    {
        await using var scope = node.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ICheckpointStore>().LatestAsync(log, ct);
    }

    private static async Task<List<string>> AuditKindsAsync(TestNode node, CancellationToken ct)
    {
        await using var scope = node.Services.CreateAsyncScope();
        return [.. (await scope.ServiceProvider.GetRequiredService<IAuditLog>().ReadAsync(0, 10_000, ct)).Select(e => e.Kind)];
    }

    /// <summary>FR shares a new case with DE; returns the message id once FR saw it acknowledged.</summary>
    private static Task<string> ShareAsync(TestFederation federation, CancellationToken ct) => CanaryCase.ShareAsync(federation, "FR", "DE", ct);

    /// <summary>
    /// What a node's operator with the database file could do: change one past entry, drop the tree, and let the store
    /// rebuild it from the rewritten history at the next start (the backfill of older stores does exactly that).
    /// </summary>
    private static async Task RewriteHistoryAsync(string connectionString, long sequence, CancellationToken ct)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE Audit SET Outcome = 'rewritten' WHERE Sequence = $sequence; DELETE FROM LogNodes; DELETE FROM LogHead;";
        command.Parameters.AddWithValue("$sequence", sequence);
        await command.ExecuteNonQueryAsync(ct);
        SqliteConnection.ClearAllPools();
    }
}
