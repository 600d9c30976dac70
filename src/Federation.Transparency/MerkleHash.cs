using System.Security.Cryptography;

namespace Federation.Transparency;

/// <summary>
/// RFC 9162 §2.1.1 tree hashing with SHA-256: a leaf is hashed with the prefix 0x00, an interior node with 0x01,
/// so that no leaf can be passed off as a node (second-preimage resistance).
/// </summary>
public static class MerkleHash
{
    public const int Size = 32;

    /// <summary>The root of the empty tree: SHA-256 of the empty string.</summary>
    public static byte[] Empty() => SHA256.HashData(ReadOnlySpan<byte>.Empty);

    public static byte[] Leaf(ReadOnlySpan<byte> leafInput)
    {
        // Small leaves (our commitments are a few hundred bytes) are prefixed on the stack.
        if (leafInput.Length <= 1024)
        {
            Span<byte> buffer = stackalloc byte[leafInput.Length + 1];
            buffer[0] = 0x00;
            leafInput.CopyTo(buffer[1..]);
            return SHA256.HashData(buffer);
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData([0x00]);
        hash.AppendData(leafInput);
        return hash.GetHashAndReset();
    }

    public static byte[] Node(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        if (left.Length != Size || right.Length != Size)
        {
            throw new ArgumentException($"A tree node joins two {Size}-byte hashes.");
        }

        Span<byte> buffer = stackalloc byte[1 + (2 * Size)];
        buffer[0] = 0x01;
        left.CopyTo(buffer[1..]);
        right.CopyTo(buffer[(1 + Size)..]);
        return SHA256.HashData(buffer);
    }
}
