namespace Federation.Transparency.Bundles;

/// <summary>What a bundle is built from: a log's leaves and proofs, from memory or the node's store.</summary>
public interface IBundleSource
{
    ValueTask<IReadOnlyList<LogLeaf>> LeavesAsync(long from, int count, CancellationToken cancellationToken);

    ValueTask<IReadOnlyList<byte[]>> InclusionProofAsync(long index, long size, CancellationToken cancellationToken);

    ValueTask<IReadOnlyList<byte[]>> ConsistencyProofAsync(long oldSize, long newSize, CancellationToken cancellationToken);
}
