namespace Federation.Transparency.Bundles;

/// <summary>
/// Builds the bundle of leaves [from, to): the last checkpoint at or before from, every one inside, the first at or
/// after to (and the latest, when a leaf to prove lies past that), a consistency proof for each step between them,
/// the left edge of from, and an inclusion proof for each leaf asked for.
/// </summary>
public static class BundleBuilder
{
    private const int Page = 5_000;

    /// <param name="source">The log.</param>
    /// <param name="origin">The log's name.</param>
    /// <param name="keys">The log's public keys (every key its checkpoints were signed with).</param>
    /// <param name="checkpointNotes">The log's signed checkpoints, in any order.</param>
    /// <param name="from">The first leaf.</param>
    /// <param name="to">One past the last leaf; no larger than the latest checkpoint's size.</param>
    /// <param name="prove">Leaves to add with an inclusion proof (a receipt's, a message's).</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    public static async Task<AuditBundle> BuildAsync(
        IBundleSource source, string origin, IReadOnlyList<NoteKey> keys, IEnumerable<string> checkpointNotes, long from, long to,
        IReadOnlyCollection<long> prove, CancellationToken cancellationToken)
    {
        var all = checkpointNotes.Select(n => (Note: n, Checkpoint: Checkpoint.Parse(SignedNote.Parse(n).Text)))
            .OrderBy(c => c.Checkpoint.Size).ThenBy(c => c.Checkpoint.Time).ToList();
        if (from < 0 || to <= from)
        {
            throw new ArgumentOutOfRangeException(nameof(to), $"The range [{from}, {to}) holds no leaf.");
        }

        if (all.Count == 0 || all[^1].Checkpoint.Size < to)
        {
            throw new ArgumentOutOfRangeException(nameof(to),
                $"Leaves up to {to} are not all covered by a checkpoint yet (the latest is of size {(all.Count == 0 ? 0 : all[^1].Checkpoint.Size)}).");
        }

        var before = from == 0 ? [] : all.Where(c => c.Checkpoint.Size <= from).TakeLast(1);
        var after = all.First(c => c.Checkpoint.Size >= to);
        var chosen = before.Concat(all.Where(c => c.Checkpoint.Size > from && c.Checkpoint.Size < to)).Append(after).ToList();
        if (prove.Any(i => i >= after.Checkpoint.Size) && all[^1].Checkpoint.Size > after.Checkpoint.Size)
        {
            chosen.Add(all[^1]);
        }

        var consistency = new List<BundleConsistency>();
        for (var i = 1; i < chosen.Count; i++)
        {
            await AddConsistencyAsync(source, consistency, chosen[i - 1].Checkpoint.Size, chosen[i].Checkpoint.Size, cancellationToken);
        }

        await AddConsistencyAsync(source, consistency, to, after.Checkpoint.Size, cancellationToken);

        var leaves = new List<BundleLeaf>((int)Math.Min(to - from, 1_000_000));
        var at = from;
        while (at < to)
        {
            var page = await source.LeavesAsync(at, (int)Math.Min(Page, to - at), cancellationToken);
            if (page.Count == 0)
            {
                throw new InvalidOperationException($"The log has no leaf {at}.");
            }

            leaves.AddRange(page.Select(BundleLeaf.From));
            at += page.Count;
        }

        var inclusions = new List<BundleInclusion>();
        foreach (var index in prove.Distinct().Order())
        {
            var size = index < after.Checkpoint.Size ? after.Checkpoint.Size : chosen[^1].Checkpoint.Size;
            var leaf = (await source.LeavesAsync(index, 1, cancellationToken)).Single();
            var proof = await source.InclusionProofAsync(index, size, cancellationToken);
            inclusions.Add(new BundleInclusion { Leaf = BundleLeaf.From(leaf), TreeSize = size, Proof = BundleHex.Of(proof) });
        }

        return new AuditBundle
        {
            Format = AuditBundle.CurrentFormat,
            Origin = origin,
            Keys = [.. keys.Select(k => k.ToString())],
            From = from,
            To = to,
            LeftEdge = BundleHex.Of(await LeftEdgeAsync(source, from, after.Checkpoint.Size, cancellationToken)),
            Leaves = leaves,
            Checkpoints = [.. chosen.Select(c => c.Note)],
            Consistency = consistency,
            Inclusions = inclusions,
        };
    }

    private static async Task<IReadOnlyList<byte[]>> LeftEdgeAsync(IBundleSource source, long from, long size, CancellationToken cancellationToken) =>
        from == 0 ? [] : LeftEdge.FromInclusionPath(from, size, await source.InclusionProofAsync(from, size, cancellationToken));

    private static async Task AddConsistencyAsync(IBundleSource source, List<BundleConsistency> proofs, long oldSize, long newSize, CancellationToken cancellationToken)
    {
        if (oldSize == newSize || proofs.Any(p => p.OldSize == oldSize && p.NewSize == newSize))
        {
            return;
        }

        var proof = await source.ConsistencyProofAsync(oldSize, newSize, cancellationToken);
        proofs.Add(new BundleConsistency { OldSize = oldSize, NewSize = newSize, Proof = BundleHex.Of(proof) });
    }
}
