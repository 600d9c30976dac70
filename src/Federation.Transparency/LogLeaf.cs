using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Federation.Transparency;

/// <summary>
/// What the log commits to for one audit entry: a commitment, never content. Kind, time, actor, subject ids, the
/// outcome, the treaty version and the digest of the envelope it concerns are in clear, because they are what an
/// auditor checks; the entry's detail (rule names, field names, reasons) is only a salted SHA-256
/// (<see cref="ContentCommitment"/>). Once the salt is destroyed with the content, the leaf still proves that an entry
/// existed and was handled, and reveals nothing of it.
/// </summary>
public sealed record LogLeaf(
    long Index,
    string Id,
    DateTimeOffset At,
    string Kind,
    string Actor,
    string? Subject,
    string Outcome,
    string? Treaty,
    byte[]? MessageDigest,
    byte[] ContentCommitment)
{
    /// <summary>The first bytes of every leaf's encoding: a domain separator and the format's version.</summary>
    public static ReadOnlySpan<byte> Magic => "federation-log-leaf/v1\n"u8;

    public byte[] Hash() => MerkleHash.Leaf(Encode());

    /// <summary>
    /// The leaf's bytes, in a fixed order: magic; index (int64, big-endian); id; time (UTC ticks of 100 ns since
    /// 0001-01-01, int64); kind; actor; subject; outcome; treaty; message digest; content commitment. A string is a
    /// presence byte (0 absent, 1 present), a uint16 big-endian length and UTF-8; bytes likewise.
    /// </summary>
    public byte[] Encode()
    {
        if (ContentCommitment.Length != 32 || MessageDigest is { Length: not 32 })
        {
            throw new ArgumentException("A leaf's content commitment and message digest are 32-byte SHA-256 values.");
        }

        using var stream = new MemoryStream(256);
        stream.Write(Magic);
        WriteInt64(stream, Index);
        WriteText(stream, Id);
        WriteInt64(stream, At.UtcTicks);
        WriteText(stream, Kind);
        WriteText(stream, Actor);
        WriteText(stream, Subject);
        WriteText(stream, Outcome);
        WriteText(stream, Treaty);
        WriteBytes(stream, MessageDigest);
        WriteBytes(stream, ContentCommitment);
        return stream.ToArray();
    }

    /// <summary>SHA-256(salt || UTF-8 of the detail): the commitment to content kept, and erasable, elsewhere.</summary>
    public static byte[] Commit(ReadOnlySpan<byte> salt, string? content)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(salt);
        hash.AppendData(Encoding.UTF8.GetBytes(content ?? string.Empty));
        return hash.GetHashAndReset();
    }

    private static void WriteInt64(Stream stream, long value)
    {
        Span<byte> buffer = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(buffer, value);
        stream.Write(buffer);
    }

    private static void WriteText(Stream stream, string? value) => WriteBytes(stream, value is null ? null : Encoding.UTF8.GetBytes(value));

    private static void WriteBytes(Stream stream, byte[]? value)
    {
        if (value is null)
        {
            stream.WriteByte(0);
            return;
        }

        if (value.Length > ushort.MaxValue)
        {
            throw new ArgumentException($"A leaf field is at most {ushort.MaxValue} bytes.");
        }

        Span<byte> header = stackalloc byte[3];
        header[0] = 1;
        BinaryPrimitives.WriteUInt16BigEndian(header[1..], (ushort)value.Length);
        stream.Write(header);
        stream.Write(value);
    }
}
