using System.Numerics;

namespace Federation.Transparency;

/// <summary>
/// Which complete subtrees make up a root, an inclusion proof or a consistency proof (RFC 9162 §2.1.3.1 and
/// §2.1.4.1), without reading any hash. A store reads the nodes the plan names in one batch, which is what keeps a
/// proof from a log of millions of leaves to a handful of lookups.
/// </summary>
public static class MerklePlan
{
    /// <summary>The complete subtrees whose fold is MTH(D[start:end]), left to right.</summary>
    public static IReadOnlyList<NodeAddress> Decompose(long start, long end)
    {
        if (start < 0 || end <= start)
        {
            throw new ArgumentOutOfRangeException(nameof(end), $"No subtree spans leaves [{start}, {end}).");
        }

        var parts = new List<NodeAddress>();
        while (start < end)
        {
            var length = end - start;
            var level = BitOperations.IsPow2(length) ? BitOperations.Log2((ulong)length) : BitOperations.Log2((ulong)LargestPowerOfTwoBelow(length));
            if (start % (1L << level) != 0)
            {
                throw new ArgumentException($"Leaves [{start}, {end}) are not a subtree of an RFC 9162 tree.");
            }

            parts.Add(new NodeAddress(level, start >> level));
            start += 1L << level;
        }

        return parts;
    }

    /// <summary>The root of a tree of <paramref name="size"/> leaves (size ≥ 1).</summary>
    public static ProofElement Root(long size) => new(Decompose(0, size));

    /// <summary>RFC 9162's PATH(m, D[0:n]): the audit path of leaf <paramref name="index"/>, from the leaf upwards.</summary>
    public static IReadOnlyList<ProofElement> Inclusion(long index, long size)
    {
        if (index < 0 || index >= size)
        {
            throw new ArgumentOutOfRangeException(nameof(index), $"Leaf {index} is not in a tree of {size} leaves.");
        }

        var topDown = new List<ProofElement>();
        long start = 0;
        var end = size;
        while (end - start > 1)
        {
            var k = LargestPowerOfTwoBelow(end - start);
            if (index - start < k)
            {
                topDown.Add(new ProofElement(Decompose(start + k, end)));
                end = start + k;
            }
            else
            {
                topDown.Add(new ProofElement(Decompose(start, start + k)));
                start += k;
            }
        }

        topDown.Reverse();
        return topDown;
    }

    /// <summary>RFC 9162's PROOF(m, D[n]) for 0 &lt; m ≤ n: empty when m = n.</summary>
    public static IReadOnlyList<ProofElement> Consistency(long oldSize, long newSize)
    {
        if (oldSize <= 0 || oldSize > newSize)
        {
            throw new ArgumentOutOfRangeException(nameof(oldSize), $"No consistency proof from size {oldSize} to {newSize}.");
        }

        var topDown = new List<ProofElement>();
        long start = 0;
        var end = newSize;
        var m = oldSize;
        var whole = true;
        while (m != end - start)
        {
            var k = LargestPowerOfTwoBelow(end - start);
            if (m <= k)
            {
                topDown.Add(new ProofElement(Decompose(start + k, end)));
                end = start + k;
            }
            else
            {
                topDown.Add(new ProofElement(Decompose(start, start + k)));
                start += k;
                m -= k;
                whole = false;
            }
        }

        if (!whole)
        {
            topDown.Add(new ProofElement(Decompose(start, end)));
        }

        topDown.Reverse();
        return topDown;
    }

    /// <summary>Every node a set of elements needs, each once.</summary>
    public static IReadOnlyCollection<NodeAddress> NodesOf(IEnumerable<ProofElement> elements) =>
        elements.SelectMany(e => e.Parts).ToHashSet();

    /// <summary>The largest power of two strictly below <paramref name="n"/> (n ≥ 2), RFC 9162's k.</summary>
    internal static long LargestPowerOfTwoBelow(long n) => 1L << BitOperations.Log2((ulong)(n - 1));
}
