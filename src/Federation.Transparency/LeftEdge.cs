using System.Buffers.Binary;

namespace Federation.Transparency;

/// <summary>
/// The complete subtrees left of a leaf, largest first: with them a tree is recomputed from that leaf on, without
/// the leaves before it. They are the left-hand hashes of the leaf's RFC 9162 audit path, so any store that proves
/// inclusion gives them.
/// </summary>
public static class LeftEdge
{
    /// <summary>Picks the edge of leaf <paramref name="from"/> out of its audit path in a tree of <paramref name="size"/> leaves.</summary>
    public static IReadOnlyList<byte[]> FromInclusionPath(long from, long size, IReadOnlyList<byte[]> path)
    {
        if (from == 0)
        {
            return [];
        }

        var plan = MerklePlan.Inclusion(from, size);
        if (plan.Count != path.Count)
        {
            throw new ArgumentException($"An audit path of leaf {from} in {size} leaves has {plan.Count} hashes, not {path.Count}.", nameof(path));
        }

        // The path runs from the leaf upwards, so the smallest subtree comes first: the edge is the reverse.
        return [.. plan.Select((element, i) => (element, i)).Where(e => e.element.Parts[0].FirstLeaf < from).Select(e => path[e.i]).Reverse()];
    }

    /// <summary>The frontier of a tree of <paramref name="size"/> leaves, from its edge.</summary>
    public static MerkleFrontier Frontier(long size, IReadOnlyList<byte[]> edge)
    {
        var bytes = new byte[8 + (edge.Count * MerkleHash.Size)];
        BinaryPrimitives.WriteInt64BigEndian(bytes, size);
        for (var i = 0; i < edge.Count; i++)
        {
            edge[i].CopyTo(bytes, 8 + (i * MerkleHash.Size));
        }

        return MerkleFrontier.FromBytes(bytes);
    }
}
