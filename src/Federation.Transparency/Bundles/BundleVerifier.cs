using System.Numerics;
using System.Security.Cryptography;

namespace Federation.Transparency.Bundles;

/// <summary>
/// Checks an <see cref="AuditBundle"/> offline and stops at the first thing that does not hold, naming its place:
/// the bundle's form, each checkpoint's log signature (and cosignatures by the witnesses given), each leaf's hash
/// recomputed from its fields, the tree recomputed from the left edge and the leaves against every checkpoint
/// inside the range, consistency between consecutive checkpoints and from the range's end to the next one,
/// inclusion proofs, the partners' receipts the bundle holds, then the receipts given.
/// </summary>
public static class BundleVerifier
{
    /// <param name="json">The bundle, as exported.</param>
    /// <param name="trustedKeys">The log's keys as the auditor got them; null takes the bundle's own (the report says so).</param>
    /// <param name="witnesses">Partners' log keys: their cosignatures, where a checkpoint carries one, and their receipts (held in the bundle or given) must verify.</param>
    /// <param name="receipts">Receipts to find in the bundle.</param>
    /// <exception cref="BundleException">The first failure, with its place.</exception>
    public static BundleReport Verify(
        string json, IReadOnlyList<NoteKey>? trustedKeys = null, IReadOnlyList<NoteKey>? witnesses = null, IReadOnlyList<BundleReceipt>? receipts = null) =>
        Verify(BundleJson.Read(json), trustedKeys, witnesses, receipts);

    /// <summary>As above, for a bundle read already (<see cref="BundleJson.Read(Stream)"/>).</summary>
    /// <exception cref="BundleException">The first failure, with its place.</exception>
    public static BundleReport Verify(
        AuditBundle bundle, IReadOnlyList<NoteKey>? trustedKeys, IReadOnlyList<NoteKey>? witnesses, IReadOnlyList<BundleReceipt>? receipts)
    {
        if (bundle.Format != AuditBundle.CurrentFormat)
        {
            throw new BundleException("$.format", $"'{BundleLeaf.Clip(bundle.Format)}' is not {AuditBundle.CurrentFormat}.");
        }

        if (!SignedNote.IsValidKeyName(bundle.Origin))
        {
            throw new BundleException("$.origin", "a log name is non-empty, without spaces or '+'.");
        }

        // Read even when the auditor brings their own: a bundle is all well-formed or it is refused.
        var bundleKeys = ReadKeys(bundle);
        var keys = trustedKeys ?? bundleKeys;
        CheckRange(bundle);
        var checkpoints = BundleCheckpoints.Read(bundle, keys, witnesses ?? []);
        var roots = Recompute(bundle, checkpoints, out var known);
        CheckRoots(bundle, checkpoints, roots);
        CheckConsistency(bundle, checkpoints, roots);
        CheckInclusions(bundle, checkpoints, known);
        var held = BundleHeldReceipts.Check(bundle, known, witnesses ?? []);
        var confirmed = (receipts ?? []).Select(r => BundleReceipts.Check(bundle, keys, witnesses ?? [], known, r)).ToList();
        return new BundleReport(bundle.Origin, keys, trustedKeys is null, bundle.From, bundle.To, checkpoints, bundle.Inclusions.Count, confirmed) { HeldReceipts = held };
    }

    private static List<NoteKey> ReadKeys(AuditBundle bundle)
    {
        var keys = new List<NoteKey>();
        for (var i = 0; i < bundle.Keys.Count; i++)
        {
            NoteKey key;
            try
            {
                key = NoteKey.Parse(bundle.Keys[i]);
            }
            catch (FormatException ex)
            {
                throw new BundleException($"$.keys[{i}]", ex.Message);
            }

            if (key.Name != bundle.Origin)
            {
                throw new BundleException($"$.keys[{i}]", $"the key is named {key.Name}, not after the log {bundle.Origin}.");
            }

            keys.Add(key);
        }

        return keys.Count > 0 ? keys : throw new BundleException("$.keys", "the bundle names no key of its log.");
    }

    private static void CheckRange(AuditBundle bundle)
    {
        if (bundle.From < 0 || bundle.To <= bundle.From)
        {
            throw new BundleException("$.to", $"the range [{bundle.From}, {bundle.To}) holds no leaf.");
        }

        if (bundle.Leaves.Count != bundle.To - bundle.From)
        {
            throw new BundleException("$.leaves", $"{bundle.Leaves.Count} leaves, where [{bundle.From}, {bundle.To}) has {bundle.To - bundle.From}.");
        }

        if (bundle.LeftEdge.Count != BitOperations.PopCount((ulong)bundle.From))
        {
            throw new BundleException("$.leftEdge", $"{bundle.LeftEdge.Count} hashes, where leaves [0, {bundle.From}) make {BitOperations.PopCount((ulong)bundle.From)} complete subtrees.");
        }
    }

    /// <summary>Every root from From to To (only the sizes anything compares with are kept).</summary>
    private static Dictionary<long, byte[]> Recompute(AuditBundle bundle, List<BundleCheckpoint> checkpoints, out Dictionary<long, LogLeaf> known)
    {
        var wanted = checkpoints.Select(c => c.Checkpoint.Size).Append(bundle.To).Where(s => s >= bundle.From && s <= bundle.To).ToHashSet();
        var edge = BundleHex.Hashes(bundle.LeftEdge, "$.leftEdge");
        var frontier = LeftEdge.Frontier(bundle.From, edge);
        var roots = new Dictionary<long, byte[]>();
        if (wanted.Contains(bundle.From))
        {
            roots[bundle.From] = frontier.Root();
        }

        known = [];
        for (var i = 0; i < bundle.Leaves.Count; i++)
        {
            var index = bundle.From + i;
            var (leaf, hash) = ReadLeaf(bundle.Leaves[i], index, $"$.leaves[{i}]");
            frontier.Append(hash);
            known[index] = leaf;
            if (wanted.Contains(frontier.Size))
            {
                roots[frontier.Size] = frontier.Root();
            }
        }

        return roots;
    }

    internal static (LogLeaf Leaf, byte[] Hash) ReadLeaf(BundleLeaf leaf, long index, string path)
    {
        if (leaf.Index != index)
        {
            throw new BundleException($"leaf {index} ({path}.index)", $"it says it is leaf {leaf.Index}.");
        }

        var read = leaf.ToLogLeaf(path);
        byte[] hash;
        try
        {
            hash = read.Hash();
        }
        catch (ArgumentException ex)
        {
            // A field too long to encode: no leaf of any log.
            throw new BundleException(path, ex.Message);
        }

        if (!CryptographicOperations.FixedTimeEquals(hash, BundleHex.Hash(leaf.Hash, $"{path}.hash")))
        {
            throw new BundleException($"leaf {index} ({path})", "its hash does not match the one recomputed from its fields.");
        }

        return (read, hash);
    }

    private static void CheckRoots(AuditBundle bundle, List<BundleCheckpoint> checkpoints, Dictionary<long, byte[]> roots)
    {
        for (var i = 0; i < checkpoints.Count; i++)
        {
            var checkpoint = checkpoints[i].Checkpoint;
            if (roots.TryGetValue(checkpoint.Size, out var root) && !CryptographicOperations.FixedTimeEquals(root, checkpoint.RootHash))
            {
                throw new BundleException($"checkpoint {i} (size {checkpoint.Size})",
                    $"its root is not the one recomputed from leaves [{bundle.From}, {checkpoint.Size}) and the left edge.");
            }
        }
    }

    private static void CheckConsistency(AuditBundle bundle, List<BundleCheckpoint> checkpoints, Dictionary<long, byte[]> roots)
    {
        var proofs = new Dictionary<(long, long), ConsistencyEntry>();
        for (var j = 0; j < bundle.Consistency.Count; j++)
        {
            var proof = bundle.Consistency[j];
            if (!proofs.TryAdd((proof.OldSize, proof.NewSize), new ConsistencyEntry(j, BundleHex.Hashes(proof.Proof, $"$.consistency[{j}].proof"))))
            {
                throw new BundleException($"$.consistency[{j}]", $"a second proof from size {proof.OldSize} to {proof.NewSize}.");
            }
        }

        for (var i = 1; i < checkpoints.Count; i++)
        {
            var (older, newer) = (checkpoints[i - 1].Checkpoint, checkpoints[i].Checkpoint);
            Link(proofs, older.Size, older.RootHash, newer, $"checkpoint {i - 1}", $"checkpoint {i}");
        }

        // The range's end, when no checkpoint has its size: its recomputed root must extend into the next one.
        var next = checkpoints.FindIndex(c => c.Checkpoint.Size >= bundle.To);
        if (checkpoints[next].Checkpoint.Size != bundle.To)
        {
            Link(proofs, bundle.To, roots[bundle.To], checkpoints[next].Checkpoint, $"the recomputed tree of size {bundle.To}", $"checkpoint {next}");
        }

        // A proof that links nothing is not evidence of anything; one there unread could hide a changed byte.
        if (proofs.Values.FirstOrDefault(p => !p.Used) is { Path: not null } unused)
        {
            throw new BundleException($"$.consistency[{unused.Index}]", "this proof links no two checkpoints of the bundle that follow each other.");
        }
    }

    private sealed record ConsistencyEntry(int Index, List<byte[]> Path)
    {
        public bool Used { get; set; }
    }

    private static void Link(Dictionary<(long, long), ConsistencyEntry> proofs, long oldSize, byte[] oldRoot, Checkpoint newer, string olderName, string newerName)
    {
        if (oldSize == newer.Size && !CryptographicOperations.FixedTimeEquals(oldRoot, newer.RootHash))
        {
            throw new BundleException(newerName + $" (size {newer.Size})", $"{olderName} has the same size and another root: the log forked.");
        }

        if (oldSize == newer.Size)
        {
            return;
        }

        if (!proofs.TryGetValue((oldSize, newer.Size), out var proof))
        {
            throw new BundleException("$.consistency", $"no proof from size {oldSize} to {newer.Size} ({olderName} to {newerName}).");
        }

        proof.Used = true;
        if (!MerkleVerifier.VerifyConsistency(oldSize, newer.Size, proof.Path, oldRoot, newer.RootHash))
        {
            throw new BundleException($"consistency proof {proof.Index} ($.consistency[{proof.Index}], size {oldSize} to {newer.Size})",
                $"it does not verify: {newerName} does not extend {olderName}.");
        }
    }

    private static void CheckInclusions(AuditBundle bundle, List<BundleCheckpoint> checkpoints, Dictionary<long, LogLeaf> known)
    {
        for (var j = 0; j < bundle.Inclusions.Count; j++)
        {
            var inclusion = bundle.Inclusions[j];
            var path = $"$.inclusions[{j}]";
            var (leaf, hash) = ReadLeaf(inclusion.Leaf, inclusion.Leaf.Index, $"{path}.leaf");
            var checkpoint = checkpoints.FirstOrDefault(c => c.Checkpoint.Size == inclusion.TreeSize)?.Checkpoint
                ?? throw new BundleException($"{path}.treeSize", $"no checkpoint of the bundle has size {inclusion.TreeSize}.");
            if (!MerkleVerifier.VerifyInclusion(leaf.Index, inclusion.TreeSize, hash, BundleHex.Hashes(inclusion.Proof, $"{path}.proof"), checkpoint.RootHash))
            {
                throw new BundleException($"inclusion proof {j} ({path}, leaf {leaf.Index} in size {inclusion.TreeSize})", "it does not verify against the checkpoint's root.");
            }

            known.TryAdd(leaf.Index, leaf);
        }
    }
}
