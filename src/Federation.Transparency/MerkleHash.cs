using System.Security.Cryptography;

namespace Federation.Transparency;

/// <summary>
/// RFC 9162 §2.1.1 tree hashing with SHA-256: a leaf is hashed with the prefix 0x00, an interior node with 0x01,
/// so that no leaf can be passed off as a node (second-preimage resistance).
/// </summary>
public static class MerkleHash
{
    public const int Size = 32;

    // One reusable SHA-256 context per thread: the one-shot call creates and frees an OpenSSL context every time,
    // a quarter of the cost of hashing a 65-byte node, and a log hashes nodes by the thousand. Never disposed: one
    // small context per thread that ever hashed, for the life of the process.
    [ThreadStatic]
    private static IncrementalHash? _sha256;

    private static IncrementalHash Sha256 => _sha256 ??= IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    /// <summary>The root of the empty tree: SHA-256 of the empty string.</summary>
    public static byte[] Empty() => SHA256.HashData(ReadOnlySpan<byte>.Empty);

    public static byte[] Leaf(ReadOnlySpan<byte> leafInput)
    {
        var hash = new byte[Size];
        Leaf(leafInput, hash);
        return hash;
    }

    /// <summary>As <see cref="Leaf(ReadOnlySpan{byte})"/>, into <paramref name="destination"/> (32 bytes): for hashes only compared, never kept.</summary>
    public static void Leaf(ReadOnlySpan<byte> leafInput, Span<byte> destination)
    {
        // Small leaves (our commitments are a few hundred bytes) are prefixed on the stack.
        if (leafInput.Length <= 1024)
        {
            Span<byte> buffer = stackalloc byte[leafInput.Length + 1];
            buffer[0] = 0x00;
            leafInput.CopyTo(buffer[1..]);
            Hash(buffer, destination);
            return;
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData([0x00]);
        hash.AppendData(leafInput);
        hash.GetHashAndReset(destination);
    }

    public static byte[] Node(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        var hash = new byte[Size];
        Node(left, right, hash);
        return hash;
    }

    /// <summary>
    /// As <see cref="Node(ReadOnlySpan{byte}, ReadOnlySpan{byte})"/>, into <paramref name="destination"/> (32 bytes),
    /// which may be <paramref name="left"/> or <paramref name="right"/>: both are copied before it is written.
    /// </summary>
    public static void Node(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right, Span<byte> destination)
    {
        if (left.Length != Size || right.Length != Size)
        {
            throw new ArgumentException($"A tree node joins two {Size}-byte hashes.");
        }

        Span<byte> buffer = stackalloc byte[1 + (2 * Size)];
        buffer[0] = 0x01;
        left.CopyTo(buffer[1..]);
        right.CopyTo(buffer[(1 + Size)..]);
        Hash(buffer, destination);
    }

    /// <summary>Plain SHA-256 on this thread's reused context, for the other hashes of this assembly's hot paths.</summary>
    internal static byte[] Sha256Of(ReadOnlySpan<byte> input)
    {
        var hash = new byte[Size];
        Hash(input, hash);
        return hash;
    }

    private static void Hash(ReadOnlySpan<byte> input, Span<byte> destination)
    {
        // Checked before any data goes in: a call that threw between the two steps would leave its input in this
        // thread's context, and the next hash on the thread would silently cover it too.
        if (destination.Length < Size)
        {
            throw new ArgumentException($"A hash needs {Size} bytes.", nameof(destination));
        }

        var sha256 = Sha256;
        sha256.AppendData(input);
        sha256.GetHashAndReset(destination);
    }
}
