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
        var root = new byte[MerkleHash.Size];
        return TryRootFromInclusion(index, size, leafHash, path, root) ? root : null;
    }

    public static bool VerifyInclusion(long index, long size, ReadOnlySpan<byte> leafHash, IReadOnlyList<byte[]> path, ReadOnlySpan<byte> root)
    {
        // On the stack: a sender checks the path of every receipt it is given.
        Span<byte> computed = stackalloc byte[MerkleHash.Size];
        return TryRootFromInclusion(index, size, leafHash, path, computed)
            && root.Length == MerkleHash.Size && CryptographicOperations.FixedTimeEquals(computed, root);
    }

    /// <summary>RFC 9162 §2.1.3.2, the root into <paramref name="root"/> (32 bytes, written in place at every step).</summary>
    private static bool TryRootFromInclusion(long index, long size, ReadOnlySpan<byte> leafHash, IReadOnlyList<byte[]> path, Span<byte> root)
    {
        if (index < 0 || index >= size || leafHash.Length != MerkleHash.Size)
        {
            return false;
        }

        var fn = index;
        var sn = size - 1;
        leafHash.CopyTo(root);
        foreach (var p in path)
        {
            if (sn == 0 || p.Length != MerkleHash.Size)
            {
                return false;
            }

            if ((fn & 1) == 1 || fn == sn)
            {
                MerkleHash.Node(p, root, root);
                while ((fn & 1) == 0 && fn != 0)
                {
                    fn >>= 1;
                    sn >>= 1;
                }
            }
            else
            {
                MerkleHash.Node(root, p, root);
            }

            fn >>= 1;
            sn >>= 1;
        }

        return sn == 0;
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
