namespace Federation.Transparency;

/// <summary>
/// An append-only RFC 9162 tree in memory: every complete subtree, by level. The verifier recomputes an exported log
/// with it, the tests use it as the reference, and the benchmarks measure appends on it.
/// </summary>
public sealed class MerkleTree : IMerkleNodeSource
{
    private readonly List<List<byte[]>> _levels = [[]];

    public long Size => _levels[0].Count;

    /// <summary>Appends a leaf hash (already prefixed: <see cref="MerkleHash.Leaf"/>); returns its index.</summary>
    public long Append(byte[] leafHash)
    {
        ArgumentNullException.ThrowIfNull(leafHash);
        if (leafHash.Length != MerkleHash.Size)
        {
            throw new ArgumentException($"A leaf hash has {MerkleHash.Size} bytes.", nameof(leafHash));
        }

        var index = Size;
        _levels[0].Add(leafHash);
        var level = 0;
        var at = index;
        // A right child completes its parent: join upwards while the new node is a right child.
        while ((at & 1) == 1)
        {
            var row = _levels[level];
            var parent = MerkleHash.Node(row[(int)(at - 1)], row[(int)at]);
            level++;
            if (_levels.Count == level)
            {
                _levels.Add([]);
            }

            _levels[level].Add(parent);
            at >>= 1;
        }

        return index;
    }

    public byte[] Node(NodeAddress address)
    {
        if (address.Level >= _levels.Count || address.Index >= _levels[address.Level].Count)
        {
            throw new ArgumentOutOfRangeException(nameof(address), $"Node {address} is not complete in a tree of {Size} leaves.");
        }

        return _levels[address.Level][(int)address.Index];
    }

    public byte[] Root() => Root(Size);

    public byte[] Root(long size) => size == 0 ? MerkleHash.Empty() : MerklePlan.Root(size).Compute(Read(MerklePlan.Root(size).Parts));

    public IReadOnlyList<byte[]> InclusionProof(long index, long size)
    {
        var plan = MerklePlan.Inclusion(index, CheckSize(size));
        var nodes = Read(MerklePlan.NodesOf(plan));
        return [.. plan.Select(e => e.Compute(nodes))];
    }

    public IReadOnlyList<byte[]> ConsistencyProof(long oldSize, long newSize)
    {
        if (oldSize == 0)
        {
            return [];
        }

        var plan = MerklePlan.Consistency(oldSize, CheckSize(newSize));
        var nodes = Read(MerklePlan.NodesOf(plan));
        return [.. plan.Select(e => e.Compute(nodes))];
    }

    public ValueTask<IReadOnlyDictionary<NodeAddress, byte[]>> ReadAsync(IReadOnlyCollection<NodeAddress> nodes, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IReadOnlyDictionary<NodeAddress, byte[]>>(Read(nodes));

    private Dictionary<NodeAddress, byte[]> Read(IReadOnlyCollection<NodeAddress> nodes) => nodes.ToDictionary(n => n, Node);

    private long CheckSize(long size) => size <= Size
        ? size
        : throw new ArgumentOutOfRangeException(nameof(size), $"The tree has {Size} leaves, not {size}.");
}
