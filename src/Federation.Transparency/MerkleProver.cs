namespace Federation.Transparency;

/// <summary>Roots and proofs of any node source: the plan, one batched read, the folds.</summary>
public static class MerkleProver
{
    public static async ValueTask<byte[]> RootAsync(IMerkleNodeSource source, long size, CancellationToken cancellationToken)
    {
        if (size == 0)
        {
            return MerkleHash.Empty();
        }

        var root = MerklePlan.Root(size);
        var nodes = await source.ReadAsync(root.Parts, cancellationToken);
        return root.Compute(nodes);
    }

    public static ValueTask<IReadOnlyList<byte[]>> InclusionAsync(IMerkleNodeSource source, long index, long size, CancellationToken cancellationToken) =>
        ComputeAsync(source, MerklePlan.Inclusion(index, size), cancellationToken);

    public static ValueTask<IReadOnlyList<byte[]>> ConsistencyAsync(IMerkleNodeSource source, long oldSize, long newSize, CancellationToken cancellationToken) =>
        oldSize == 0 ? ValueTask.FromResult<IReadOnlyList<byte[]>>([]) : ComputeAsync(source, MerklePlan.Consistency(oldSize, newSize), cancellationToken);

    private static async ValueTask<IReadOnlyList<byte[]>> ComputeAsync(IMerkleNodeSource source, IReadOnlyList<ProofElement> plan, CancellationToken cancellationToken)
    {
        if (plan.Count == 0)
        {
            return [];
        }

        var nodes = await source.ReadAsync(MerklePlan.NodesOf(plan), cancellationToken);
        return [.. plan.Select(e => e.Compute(nodes))];
    }
}
