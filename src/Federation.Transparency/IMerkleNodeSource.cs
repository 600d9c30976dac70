namespace Federation.Transparency;

/// <summary>Where the complete subtrees of a log are kept: in memory, or in the node's store.</summary>
public interface IMerkleNodeSource
{
    /// <summary>The hashes of the given complete subtrees; every one asked for must exist.</summary>
    ValueTask<IReadOnlyDictionary<NodeAddress, byte[]>> ReadAsync(IReadOnlyCollection<NodeAddress> nodes, CancellationToken cancellationToken);
}
