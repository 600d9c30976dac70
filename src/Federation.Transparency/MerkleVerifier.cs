using System.Security.Cryptography;

namespace Federation.Transparency;

/// <summary>
/// Proof verification exactly as RFC 9162 §2.1.3.2 (inclusion) and §2.1.4.2 (consistency) write it. Every failure
/// is a plain false: the caller says which proof of what failed.
/// </summary>
public static class MerkleVerifier
{
    /// <summary>The root an inclusion proof leads to, or null when the proof is malformed for that index and size.</summary>
    public static byte[]? RootFromInclusion(long index, long size, ReadOnlySpan<byte> leafHash, IReadOnlyList<byte[]> path)
    {
        if (index < 0 || index >= size || leafHash.Length != MerkleHash.Size)
        {
            return null;
        }

        var fn = index;
        var sn = size - 1;
        var r = leafHash.ToArray();
        foreach (var p in path)
        {
            if (sn == 0 || p.Length != MerkleHash.Size)
            {
                return null;
            }

            if ((fn & 1) == 1 || fn == sn)
            {
                r = MerkleHash.Node(p, r);
                while ((fn & 1) == 0 && fn != 0)
                {
                    fn >>= 1;
                    sn >>= 1;
                }
            }
            else
            {
                r = MerkleHash.Node(r, p);
            }

            fn >>= 1;
            sn >>= 1;
        }

        return sn == 0 ? r : null;
    }

    public static bool VerifyInclusion(long index, long size, ReadOnlySpan<byte> leafHash, IReadOnlyList<byte[]> path, ReadOnlySpan<byte> root)
    {
        var computed = RootFromInclusion(index, size, leafHash, path);
        return computed is not null && root.Length == MerkleHash.Size && CryptographicOperations.FixedTimeEquals(computed, root);
    }

    public static bool VerifyConsistency(long oldSize, long newSize, IReadOnlyList<byte[]> path, ReadOnlySpan<byte> oldRoot, ReadOnlySpan<byte> newRoot)
    {
        if (oldSize < 0 || newSize < oldSize || oldRoot.Length != MerkleHash.Size || newRoot.Length != MerkleHash.Size)
        {
            return false;
        }

        if (oldSize == newSize)
        {
            return path.Count == 0 && oldRoot.SequenceEqual(newRoot);
        }

        if (oldSize == 0)
        {
            // Every tree extends the empty one; a proof of it is empty.
            return path.Count == 0;
        }

        if (path.Count == 0 || path.Any(p => p.Length != MerkleHash.Size))
        {
            return false;
        }

        var nodes = new List<byte[]>(path.Count + 1);
        if (long.IsPow2(oldSize))
        {
            nodes.Add(oldRoot.ToArray());
        }

        nodes.AddRange(path);
        var fn = oldSize - 1;
        var sn = newSize - 1;
        while ((fn & 1) == 1)
        {
            fn >>= 1;
            sn >>= 1;
        }

        var fr = nodes[0];
        var sr = nodes[0];
        foreach (var c in nodes.Skip(1))
        {
            if (sn == 0)
            {
                return false;
            }

            if ((fn & 1) == 1 || fn == sn)
            {
                fr = MerkleHash.Node(c, fr);
                sr = MerkleHash.Node(c, sr);
                while ((fn & 1) == 0 && fn != 0)
                {
                    fn >>= 1;
                    sn >>= 1;
                }
            }
            else
            {
                sr = MerkleHash.Node(sr, c);
            }

            fn >>= 1;
            sn >>= 1;
        }

        return sn == 0 && CryptographicOperations.FixedTimeEquals(fr, oldRoot) && CryptographicOperations.FixedTimeEquals(sr, newRoot);
    }
}
