using System.Numerics;

namespace Federation.Transparency;

/// <summary>
/// An append-only RFC 9162 tree in memory: every complete subtree, by level. The verifier recomputes an exported log
/// with it, the tests use it as the reference, and the benchmarks measure appends on it.
/// </summary>
public sealed class MerkleTree : IMerkleNodeSource
{
    private readonly List<List<byte[]>> _levels = [[]];

    public long Size => _levels[0].Count;

    /// <summary>Appends a leaf hash (already prefixed: <see cref="MerkleHash.Leaf(ReadOnlySpan{byte})"/>); returns its index.</summary>
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

    /// <summary>
    /// The root of a small tree of <paramref name="leafHashes"/> and every leaf's inclusion path to it, in one pass
    /// (RFC 9162 §2.1.3.1's recursion, walked once for all leaves: each subtree's hash is added to the path of every
    /// leaf of its sibling). A batch of receipts needs all its paths; asked one by one, each would walk the tree again.
    /// </summary>
    /// <param name="leafHashes">At least one leaf hash (prefixed: <see cref="MerkleHash.Leaf(ReadOnlySpan{byte})"/>), at most 2^30.</param>
    /// <param name="paths">Each leaf's path, bottom first, as <see cref="InclusionProof"/> gives it.</param>
    public static byte[] RootWithPaths(IReadOnlyList<byte[]> leafHashes, out IReadOnlyList<byte[]>[] paths)
    {
        ArgumentNullException.ThrowIfNull(leafHashes);
        if (leafHashes.Count is 0 or > 1 << 30)
        {
            throw new ArgumentOutOfRangeException(nameof(leafHashes), "A tree with paths has from 1 to 2^30 leaves.");
        }

        var depth = BitOperations.Log2(BitOperations.RoundUpToPowerOf2((uint)leafHashes.Count));
        var lists = new List<byte[]>[leafHashes.Count];
        for (var i = 0; i < lists.Length; i++)
        {
            lists[i] = new List<byte[]>(depth);
        }

        var root = Subtree(leafHashes, 0, leafHashes.Count, lists);
        paths = lists;
        return root;
    }

    private static byte[] Subtree(IReadOnlyList<byte[]> leaves, int from, int to, List<byte[]>[] paths)
    {
        if (to - from == 1)
        {
            return leaves[from];
        }

        // k: the largest power of two smaller than the subtree's size.
        var split = from + (int)(BitOperations.RoundUpToPowerOf2((uint)(to - from)) / 2);
        var left = Subtree(leaves, from, split, paths);
        var right = Subtree(leaves, split, to, paths);
        for (var i = from; i < split; i++)
        {
            paths[i].Add(right);
        }

        for (var i = split; i < to; i++)
        {
            paths[i].Add(left);
        }

        return MerkleHash.Node(left, right);
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
