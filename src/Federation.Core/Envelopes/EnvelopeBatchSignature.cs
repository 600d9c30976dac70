using System.Buffers.Binary;
using System.Security.Cryptography;
using Federation.Transparency;

namespace Federation.Core.Envelopes;

/// <summary>
/// One ECDSA P-256 signature for a whole call of envelopes (federation.v3): over the RFC 9162 Merkle root of their
/// contents, so that each envelope, with its leaf's place and audit path, is still verifiable on its own. Signing and
/// verifying once a call instead of once an envelope is what lets a share approach the speed of the wire: one
/// verification cost about 80 µs, several times the rest of an envelope's checks.
/// </summary>
public static class EnvelopeBatchSignature
{
    /// <summary>The most envelopes under one root: the most a node ever takes in one call.</summary>
    public const int MaxSize = 1024;

    /// <summary>The longest audit path in a batch of <see cref="MaxSize"/>: log2(1024).</summary>
    public const int MaxPathLength = 10;

    /// <summary>
    /// What is signed begins with this text. Its first byte, 'f' (0x66), would be field 12 with wire type 6 in protocol
    /// buffers, which does not exist: no serialized EnvelopeContent begins with it, so an envelope's own signature and a
    /// batch signature can never stand for each other.
    /// </summary>
    private static ReadOnlySpan<byte> Prefix => "federation.v3 envelope batch\n"u8;

    /// <summary>The leaf of an envelope: SHA-256(0x00 || content), over the content bytes its own signature would cover.</summary>
    public static byte[] Leaf(ReadOnlySpan<byte> content) => MerkleHash.Leaf(content);

    /// <summary>The root over <paramref name="leaves"/> (in the call's order), with each leaf's audit path.</summary>
    public static byte[] Root(IReadOnlyList<byte[]> leaves, out IReadOnlyList<byte[]>[] paths)
    {
        if (leaves.Count is 0 or > MaxSize)
        {
            throw new ArgumentOutOfRangeException(nameof(leaves), $"A batch signature covers from 1 to {MaxSize} envelopes.");
        }

        return MerkleTree.RootWithPaths(leaves, out paths);
    }

    /// <summary>The root an envelope's place and path lead to, or null when they do not fit a batch of that size.</summary>
    public static byte[]? RootOf(ReadOnlySpan<byte> content, ulong index, ulong size, IReadOnlyList<byte[]> path) =>
        size is 0 or > MaxSize || index >= size
            ? null
            : MerkleVerifier.RootFromInclusion((long)index, (long)size, Leaf(content), path);

    public static byte[] Sign(long size, ReadOnlySpan<byte> root, ECDsa key) =>
        key.SignData(Signed(size, root), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

    public static bool Verify(long size, ReadOnlySpan<byte> root, ReadOnlySpan<byte> signature, ECDsa key) =>
        signature.Length == EnvelopeSignature.SignatureBytes && root.Length == MerkleHash.Size && size is > 0 and <= MaxSize
        && key.VerifyData(Signed(size, root), signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

    private static byte[] Signed(long size, ReadOnlySpan<byte> root)
    {
        if (root.Length != MerkleHash.Size)
        {
            throw new ArgumentException("A batch root is 32 bytes.", nameof(root));
        }

        var bytes = new byte[Prefix.Length + sizeof(long) + MerkleHash.Size];
        Prefix.CopyTo(bytes);
        BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(Prefix.Length), size);
        root.CopyTo(bytes.AsSpan(Prefix.Length + sizeof(long)));
        return bytes;
    }
}
