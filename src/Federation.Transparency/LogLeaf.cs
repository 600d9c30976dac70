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

    /// <summary>The leaf's RFC 9162 hash, SHA-256(0x00 ‖ <see cref="Encode"/>): written on the stack for a leaf of our size.</summary>
    public byte[] Hash()
    {
        var length = EncodedLength();
        if (length > 1023)
        {
            return MerkleHash.Leaf(Encode());
        }

        // Every entry is hashed when the store sequences it, and again by the checkpoint signer: no arrays for either.
        Span<byte> buffer = stackalloc byte[length + 1];
        buffer[0] = 0x00;
        Write(buffer[1..]);
        return MerkleHash.Sha256Of(buffer);
    }

    /// <summary>
    /// The leaf's bytes, in a fixed order: magic; index (int64, big-endian); id; time (UTC ticks of 100 ns since
    /// 0001-01-01, int64); kind; actor; subject; outcome; treaty; message digest; content commitment. A string is a
    /// presence byte (0 absent, 1 present), a uint16 big-endian length and UTF-8; bytes likewise.
    /// </summary>
    public byte[] Encode()
    {
        var bytes = new byte[EncodedLength()];
        Write(bytes);
        return bytes;
    }

    /// <summary>SHA-256(salt || UTF-8 of the detail): the commitment to content kept, and erasable, elsewhere.</summary>
    public static byte[] Commit(ReadOnlySpan<byte> salt, string? content)
    {
        content ??= string.Empty;
        var length = salt.Length + Encoding.UTF8.GetByteCount(content);
        if (length <= 2048)
        {
            // Every audit entry is committed when sealed: a detail of the usual size is hashed from the stack.
            Span<byte> buffer = stackalloc byte[length];
            salt.CopyTo(buffer);
            Encoding.UTF8.GetBytes(content, buffer[salt.Length..]);
            return MerkleHash.Sha256Of(buffer);
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(salt);
        hash.AppendData(Encoding.UTF8.GetBytes(content));
        return hash.GetHashAndReset();
    }

    private int EncodedLength()
    {
        if (ContentCommitment.Length != 32 || MessageDigest is { Length: not 32 })
        {
            throw new ArgumentException("A leaf's content commitment and message digest are 32-byte SHA-256 values.");
        }

        return Magic.Length + 8 + TextLength(Id) + 8 + TextLength(Kind) + TextLength(Actor) + TextLength(Subject) + TextLength(Outcome)
            + TextLength(Treaty) + BytesLength(MessageDigest?.Length) + BytesLength(ContentCommitment.Length);
    }

    private void Write(Span<byte> buffer)
    {
        Magic.CopyTo(buffer);
        var at = Magic.Length;
        BinaryPrimitives.WriteInt64BigEndian(buffer[at..], Index);
        at += 8;
        at += WriteText(buffer[at..], Id);
        BinaryPrimitives.WriteInt64BigEndian(buffer[at..], At.UtcTicks);
        at += 8;
        at += WriteText(buffer[at..], Kind);
        at += WriteText(buffer[at..], Actor);
        at += WriteText(buffer[at..], Subject);
        at += WriteText(buffer[at..], Outcome);
        at += WriteText(buffer[at..], Treaty);
        at += WriteBytes(buffer[at..], MessageDigest);
        WriteBytes(buffer[at..], ContentCommitment);
    }

    private static int TextLength(string? value) => BytesLength(value is null ? null : Encoding.UTF8.GetByteCount(value));

    private static int BytesLength(int? length)
    {
        if (length is not { } count)
        {
            return 1;
        }

        return count <= ushort.MaxValue ? 3 + count : throw new ArgumentException($"A leaf field is at most {ushort.MaxValue} bytes.");
    }

    // A field: a presence byte (0 absent, 1 present), a uint16 big-endian length and the bytes. Returns the bytes written.
    private static int WriteText(Span<byte> buffer, string? value)
    {
        if (value is null)
        {
            buffer[0] = 0;
            return 1;
        }

        var written = Encoding.UTF8.GetBytes(value, buffer[3..]);
        buffer[0] = 1;
        BinaryPrimitives.WriteUInt16BigEndian(buffer[1..], (ushort)written);
        return 3 + written;
    }

    private static int WriteBytes(Span<byte> buffer, byte[]? value)
    {
        if (value is null)
        {
            buffer[0] = 0;
            return 1;
        }

        buffer[0] = 1;
        BinaryPrimitives.WriteUInt16BigEndian(buffer[1..], (ushort)value.Length);
        value.CopyTo(buffer[3..]);
        return 3 + value.Length;
    }
}
