using System.Buffers.Binary;
using System.Numerics;

namespace Federation.Transparency;

/// <summary>
/// The right edge of a log: the complete subtrees that make up a tree of <see cref="Size"/> leaves (one per set bit
/// of the size, largest first). It is all a writer needs to append, to learn which new complete nodes to store, and
/// to compute the new root; a store keeps it in one row, read and written in the transaction that appends.
/// </summary>
public sealed class MerkleFrontier
{
    private readonly List<(NodeAddress Address, byte[] Hash)> _edge;

    private MerkleFrontier(long size, List<(NodeAddress, byte[])> edge)
    {
        Size = size;
        _edge = edge;
    }

    public static MerkleFrontier Empty => new(0, []);

    public long Size { get; private set; }

    public IReadOnlyList<(NodeAddress Address, byte[] Hash)> Edge => _edge;

    /// <summary>Appends one leaf hash; returns every complete subtree it finished, the leaf itself first.</summary>
    public IReadOnlyList<(NodeAddress Address, byte[] Hash)> Append(byte[] leafHash)
    {
        if (leafHash.Length != MerkleHash.Size)
        {
            throw new ArgumentException($"A leaf hash has {MerkleHash.Size} bytes.", nameof(leafHash));
        }

        var completed = new List<(NodeAddress, byte[])>(2);
        var node = (Address: new NodeAddress(0, Size), Hash: leafHash);
        completed.Add(node);
        while (_edge.Count > 0 && _edge[^1].Address.Level == node.Address.Level)
        {
            var left = _edge[^1];
            _edge.RemoveAt(_edge.Count - 1);
            node = (new NodeAddress(left.Address.Level + 1, left.Address.Index >> 1), MerkleHash.Node(left.Hash, node.Hash));
            completed.Add(node);
        }

        _edge.Add(node);
        Size++;
        return completed;
    }

    public byte[] Root()
    {
        if (_edge.Count == 0)
        {
            return MerkleHash.Empty();
        }

        var hash = _edge[^1].Hash;
        for (var i = _edge.Count - 2; i >= 0; i--)
        {
            hash = MerkleHash.Node(_edge[i].Hash, hash);
        }

        return hash;
    }

    /// <summary>8 bytes of size (big-endian), then the edge's hashes, largest subtree first.</summary>
    public byte[] ToBytes()
    {
        var bytes = new byte[8 + (_edge.Count * MerkleHash.Size)];
        BinaryPrimitives.WriteInt64BigEndian(bytes, Size);
        for (var i = 0; i < _edge.Count; i++)
        {
            _edge[i].Hash.CopyTo(bytes, 8 + (i * MerkleHash.Size));
        }

        return bytes;
    }

    public static MerkleFrontier FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 8)
        {
            throw new FormatException("A frontier starts with its 8-byte size.");
        }

        var size = BinaryPrimitives.ReadInt64BigEndian(bytes);
        if (size < 0 || bytes.Length != 8 + (BitOperations.PopCount((ulong)size) * MerkleHash.Size))
        {
            throw new FormatException($"A frontier of size {size} holds one hash per set bit of the size.");
        }

        var edge = new List<(NodeAddress, byte[])>();
        var offset = 8;
        foreach (var address in size == 0 ? [] : MerklePlan.Decompose(0, size))
        {
            edge.Add((address, bytes.Slice(offset, MerkleHash.Size).ToArray()));
            offset += MerkleHash.Size;
        }

        return new MerkleFrontier(size, edge);
    }
}
