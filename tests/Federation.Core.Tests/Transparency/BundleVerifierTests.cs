using System.Text;
using Federation.Transparency;
using Federation.Testing;
using Federation.Transparency.Bundles;

namespace Federation.Core.Tests.Transparency;

/// <summary>
/// Bundles built from an in-memory log verify whatever their range; with any one byte changed (a leaf field, a
/// proof node, a checkpoint's text or signature, the JSON around them) they fail, and the failure names its place.
/// </summary>
public sealed class BundleVerifierTests : IDisposable
{
    private readonly MemoryLog _log = new();

    public BundleVerifierTests()
    {
        // Checkpoints at 50, 120, 200 and 300 leaves.
        foreach (var grow in new[] { 50, 70, 80, 100 })
        {
            _log.Append(grow);
            _log.Sign();
        }
    }

    public void Dispose() => _log.Dispose();

    [Theory]
    [InlineData(0, 300, 4)]
    [InlineData(70, 250, 4)]
    [InlineData(120, 200, 2)]
    [InlineData(0, 1, 1)]
    [InlineData(299, 300, 2)]
    [InlineData(121, 122, 2)]
    public async Task Bundle_FromMemoryLog_Verifies(long from, long to, int checkpoints)
    {
        var json = BundleJson.Write(await _log.ExportAsync(from, to));

        var report = BundleVerifier.Verify(json, [_log.Signer.PublicKey]);

        Assert.Equal((from, to), (report.From, report.To));
        Assert.Equal(checkpoints, report.Checkpoints.Count);
        Assert.False(report.KeysFromBundle);
    }

    [Fact]
    public async Task EveryRange_OfASmallLog_Verifies()
    {
        using var log = new MemoryLog();
        for (var i = 0; i < 9; i++)
        {
            log.Append(i % 3 + 1);
            log.Sign();
        }

        for (var from = 0L; from < log.Size; from++)
        {
            for (var to = from + 1; to <= log.Size; to++)
            {
                var report = BundleVerifier.Verify(BundleJson.Write(await log.ExportAsync(from, to)));
                Assert.True(report.KeysFromBundle);
            }
        }
    }

    [Fact]
    public async Task ChangedLeafField_NamesTheLeaf()
    {
        var bundle = await _log.ExportAsync(70, 250);
        var leaves = bundle.Leaves.ToList();
        leaves[5] = leaves[5] with { Outcome = "refused" };

        var failure = Fails(bundle with { Leaves = leaves });

        Assert.Equal("leaf 75 ($.leaves[5])", failure.Place);
        Assert.Contains("hash does not match", failure.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LeafAndItsHashChangedTogether_TheCheckpointRootFails()
    {
        var bundle = await _log.ExportAsync(70, 250);
        var leaves = bundle.Leaves.ToList();
        var forged = leaves[5].ToLogLeaf("x") with { Outcome = "refused" };
        leaves[5] = BundleLeaf.From(forged);

        var failure = Fails(bundle with { Leaves = leaves });

        Assert.Equal("checkpoint 1 (size 120)", failure.Place);
        Assert.Contains("root", failure.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SizeZeroCheckpointWithARootOtherThanTheEmptyTrees_IsRefusedAtItsPlace()
    {
        var bundle = await _log.ExportAsync(0, 300);
        var empty = _log.Signer.Sign(new Checkpoint("federation.audit/fr", 0, Enumerable.Repeat((byte)7, 32).ToArray(), DateTimeOffset.UnixEpoch)).Format();

        var failure = Fails(bundle with { Checkpoints = [empty, .. bundle.Checkpoints] });

        Assert.Equal("checkpoint 0 ($.checkpoints[0])", failure.Place);
        Assert.Contains("size 0 has the root of the empty tree", failure.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckpointVerifier_SizeZero_OpensOnlyWithTheEmptyTreesRoot()
    {
        var sound = _log.Signer.Sign(new Checkpoint("federation.audit/fr", 0, MerkleHash.Empty(), DateTimeOffset.UnixEpoch)).Format();
        var other = _log.Signer.Sign(new Checkpoint("federation.audit/fr", 0, MerkleHash.Leaf([]), DateTimeOffset.UnixEpoch)).Format();

        Assert.Equal(0, CheckpointVerifier.Open(sound, _log.Signer.PublicKey).Size);
        var refused = Assert.Throws<FormatException>(() => CheckpointVerifier.Open(other, _log.Signer.PublicKey));
        Assert.Contains("47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChangedProofNode_NamesTheProof()
    {
        var bundle = await _log.ExportAsync(70, 250);
        var proofs = bundle.Consistency.ToList();
        var last = proofs.Count - 1;
        proofs[last] = proofs[last] with { Proof = [.. proofs[last].Proof.Select((h, i) => i == 0 ? Flip(h) : h)] };

        var failure = Fails(bundle with { Consistency = proofs });

        Assert.StartsWith($"consistency proof {last} ($.consistency[{last}]", failure.Place, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChangedLeftEdge_FailsAtTheFirstCheckpointInside()
    {
        var bundle = await _log.ExportAsync(70, 250);

        var failure = Fails(bundle with { LeftEdge = [Flip(bundle.LeftEdge[0]), .. bundle.LeftEdge.Skip(1)] });

        Assert.Equal("checkpoint 1 (size 120)", failure.Place);
    }

    [Fact]
    public async Task ChangedCheckpointText_SignatureFails()
    {
        var bundle = await _log.ExportAsync(70, 250);
        var notes = bundle.Checkpoints.ToList();
        // The time line: the root and size still parse and agree with the leaves; only the signature can tell.
        notes[2] = notes[2].Replace("\ntime 1", "\ntime 2", StringComparison.Ordinal);

        var failure = Fails(bundle with { Checkpoints = notes });

        Assert.Equal(("checkpoint 2 (size 200)", "its signature fails."), (failure.Place, failure.Problem));
    }

    [Fact]
    public async Task ChangedSignatureByte_SignatureFails()
    {
        var bundle = await _log.ExportAsync(70, 250);
        var notes = bundle.Checkpoints.ToList();
        var note = SignedNote.Parse(notes[3]);
        var signature = note.Signatures[0];
        var bytes = signature.Signature.ToArray();
        bytes[^5] ^= 0x01;
        notes[3] = new SignedNote(note.Text, [signature with { Signature = bytes }]).Format();

        var failure = Fails(bundle with { Checkpoints = notes });

        Assert.Equal(("checkpoint 3 (size 300)", "its signature fails."), (failure.Place, failure.Problem));
    }

    [Fact]
    public async Task AnotherLogsKey_IsRefused()
    {
        using var other = new MemoryLog();
        var json = BundleJson.Write(await _log.ExportAsync(0, 120));

        var failure = Assert.Throws<BundleException>(() => BundleVerifier.Verify(json, [other.Signer.PublicKey]));

        Assert.Equal("checkpoint 0 (size 50)", failure.Place);
        Assert.Contains("no signature of the log's keys", failure.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnyOneByteChanged_Fails()
    {
        using var log = new MemoryLog();
        log.Append(5);
        log.Sign();
        log.Append(6);
        log.Sign();
        var json = BundleJson.Write(await log.ExportAsync(3, 8, 1, 10));
        var bytes = Encoding.UTF8.GetBytes(json);
        var random = new Random(11);
        const string Replacements = "0123456789abcdefABCDEF{}[]\":,xyz+/=";

        for (var position = 0; position < bytes.Length; position++)
        {
            // JSON's insignificant whitespace is no content: changing it into other whitespace changes nothing.
            var changed = bytes.ToArray();
            do
            {
                changed[position] = (byte)Replacements[random.Next(Replacements.Length)];
            }
            while (changed[position] == bytes[position]);

            var text = Encoding.UTF8.GetString(changed);
            var failed = Record.Exception(() => BundleVerifier.Verify(text, [log.Signer.PublicKey]));
            Assert.True(failed is BundleException, $"byte {position} ('{(char)bytes[position]}' → '{(char)changed[position]}') changed, yet: {failed?.GetType().Name ?? "it verified"}\n{Around(json, position)}");
        }
    }

    [Fact]
    public async Task NoCheckpointCoveringTheEnd_IsRefusedByTheBuilder()
    {
        _log.Append(3);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _log.ExportAsync(250, 302));
    }

    [Fact]
    public async Task Receipt_OfALeafInRangeOrProved_IsConfirmed()
    {
        var bundle = await _log.ExportAsync(120, 200, 3);

        var report = BundleVerifier.Verify(BundleJson.Write(bundle), [_log.Signer.PublicKey],
            receipts: [new BundleReceipt("in-range", _log.Receipt(123)), new BundleReceipt("proved", _log.Receipt(3))]);

        Assert.Equal(1, report.Inclusions);
        Assert.Collection(report.Receipts,
            r => Assert.StartsWith("DE-M-00000123: logged at leaf 123 (envelope.accepted", r, StringComparison.Ordinal),
            r => Assert.StartsWith("DE-M-00000003: logged at leaf 3 (envelope.accepted", r, StringComparison.Ordinal));
    }

    [Fact]
    public async Task BatchedReceipts_OfLeavesInRange_AreConfirmed_AndAChangedPathFails()
    {
        var bundle = await _log.ExportAsync(120, 200);
        var batch = SignedReceipt.SignBatch(_log.Signer, [.. new long[] { 120, 123, 126 }.Select(i =>
            new LogReceipt(_log.Signer.Name, i, _log.Leaf(i).Subject!, _log.Leaf(i).MessageDigest!))]);

        var report = BundleVerifier.Verify(BundleJson.Write(bundle), [_log.Signer.PublicKey],
            receipts: [.. batch.Select((r, i) => new BundleReceipt($"r{i}", r.Format()))]);

        Assert.Equal(3, report.Receipts.Count);
        Assert.StartsWith("DE-M-00000123: logged at leaf 123", report.Receipts[1], StringComparison.Ordinal);
        var text = batch[1].Format();
        var pathLine = text.Split('\n')[6];
        var changed = text.Replace(pathLine, (pathLine[0] == 'A' ? "B" : "A") + pathLine[1..], StringComparison.Ordinal);
        var failure = Assert.Throws<BundleException>(() => BundleVerifier.Verify(BundleJson.Write(bundle), [_log.Signer.PublicKey], receipts: [new BundleReceipt("r.note", changed)]));
        Assert.Equal("receipt r.note", failure.Place);
        Assert.Contains("audit path", failure.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Receipt_ForALeafNotInTheBundle_Fails()
    {
        var bundle = await _log.ExportAsync(120, 200);

        var failure = Assert.Throws<BundleException>(() => BundleVerifier.Verify(BundleJson.Write(bundle), receipts: [new BundleReceipt("r.note", _log.Receipt(3))]));

        Assert.Equal("receipt r.note", failure.Place);
        Assert.Contains("leaf 3 is not in the bundle", failure.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Receipt_PromisingAnotherDigest_Fails()
    {
        var bundle = await _log.ExportAsync(120, 200);
        var leaf = _log.Leaf(123);
        var receipt = _log.Signer.Sign(new LogReceipt(_log.Signer.Name, 123, leaf.Subject!, new byte[32])).Format();

        var failure = Assert.Throws<BundleException>(() => BundleVerifier.Verify(BundleJson.Write(bundle), receipts: [new BundleReceipt("r.note", receipt)]));

        Assert.Contains("does not carry the receipt's message digest", failure.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProvedLeafChanged_NamesTheInclusion()
    {
        var bundle = await _log.ExportAsync(120, 200, 3);
        var forged = bundle.Inclusions[0].Leaf.ToLogLeaf("x") with { Kind = "envelope.rejected" };

        var failure = Fails(bundle with { Inclusions = [bundle.Inclusions[0] with { Leaf = BundleLeaf.From(forged) }] });

        Assert.Equal("inclusion proof 0 ($.inclusions[0], leaf 3 in size 200)", failure.Place);
    }

    [Fact]
    public async Task Cosignature_ByAGivenWitness_IsVerified_AndAChangedOneFails()
    {
        using var witness = new MemoryLog("federation.audit/de");
        var bundle = await _log.ExportAsync(70, 250);
        var notes = bundle.Checkpoints.ToList();
        var note = SignedNote.Parse(notes[3]);
        var cosignature = witness.Signer.Cosign(Checkpoint.Parse(note.Text), new DateTimeOffset(2026, 12, 2, 7, 0, 0, TimeSpan.Zero));
        notes[3] = note.WithSignature(cosignature).Format();
        var bytes = cosignature.Signature.ToArray();
        bytes[^3] ^= 0x40;
        var forged = note.WithSignature(cosignature with { Signature = bytes }).Format();

        var report = BundleVerifier.Verify(BundleJson.Write(bundle with { Checkpoints = notes }), [_log.Signer.PublicKey], [witness.Signer.PublicKey]);
        var unverified = BundleVerifier.Verify(BundleJson.Write(bundle with { Checkpoints = notes }), [_log.Signer.PublicKey]);
        var failure = Fails(bundle with { Checkpoints = [.. notes.Take(3), forged] }, [witness.Signer.PublicKey]);

        Assert.Equal(["federation.audit/de"], report.Checkpoints[3].Witnessed);
        Assert.Equal(["federation.audit/de"], unverified.Checkpoints[3].Cosigners);
        Assert.Empty(unverified.Checkpoints[3].Witnessed);
        Assert.Equal(("checkpoint 3 (size 300)", "the cosignature of witness federation.audit/de fails."), (failure.Place, failure.Problem));
    }

    [Fact]
    public void NotJson_NamesLineAndPath()
    {
        var failure = Assert.Throws<BundleException>(() => BundleVerifier.Verify("{\n  \"format\": \"federation-audit-bundle/v1\",\n  \"origin\": 5\n}"));

        Assert.Equal(("line 3, $.origin", "the value is not of the type the bundle format has here."), (failure.Place, failure.Problem));
    }

    private BundleException Fails(AuditBundle bundle, IReadOnlyList<NoteKey>? witnesses = null) =>
        Assert.Throws<BundleException>(() => BundleVerifier.Verify(BundleJson.Write(bundle), [_log.Signer.PublicKey], witnesses));

    private static string Flip(string hex) => (hex[0] == '0' ? "1" : "0") + hex[1..];

    private static string Around(string text, int position) => text[Math.Max(0, position - 60)..Math.Min(text.Length, position + 60)];
}
