using System.Buffers.Binary;
using System.Text;

namespace Federation.Transparency;

/// <summary>
/// The receipts under one head, packed as a sender keeps them: per receipt, in the batch's order, its log index
/// (8 bytes, big-endian), its message digest (32 bytes), the length of its message id (1 byte) and the id (ASCII).
/// The origin is the head's. From these and the signed head, <see cref="SignedReceipt.UnderHead"/> rebuilds every
/// receipt whole, exactly as the receiver would have written it, so a sender need not keep hundreds of characters per
/// message: about 70 bytes, and the head once.
/// </summary>
public static class ReceiptLeaves
{
    private const int Fixed = sizeof(long) + MerkleHash.Size + 1;

    public static byte[] Pack(IReadOnlyList<LogReceipt> receipts)
    {
        ArgumentNullException.ThrowIfNull(receipts);
        var length = 0;
        foreach (var receipt in receipts)
        {
            if (!receipt.IsWritable || receipt.MessageId.Length > byte.MaxValue || !Ascii.IsValid(receipt.MessageId))
            {
                throw new ArgumentException("Only writable receipts with an ASCII message id of at most 255 characters are packed.", nameof(receipts));
            }

            length += Fixed + receipt.MessageId.Length;
        }

        var packed = new byte[length];
        var at = 0;
        foreach (var receipt in receipts)
        {
            BinaryPrimitives.WriteInt64BigEndian(packed.AsSpan(at), receipt.Index);
            receipt.MessageDigest.CopyTo(packed.AsSpan(at + sizeof(long)));
            packed[at + sizeof(long) + MerkleHash.Size] = (byte)receipt.MessageId.Length;
            at += Fixed;
            at += Encoding.ASCII.GetBytes(receipt.MessageId, packed.AsSpan(at));
        }

        return packed;
    }

    /// <summary>The receipts of log <paramref name="origin"/> packed in <paramref name="packed"/>; a <see cref="FormatException"/> for anything else.</summary>
    public static IReadOnlyList<LogReceipt> Unpack(string origin, ReadOnlySpan<byte> packed)
    {
        var receipts = new List<LogReceipt>();
        while (!packed.IsEmpty)
        {
            if (packed.Length < Fixed || packed.Length < Fixed + packed[Fixed - 1])
            {
                throw new FormatException("Packed receipts end inside a receipt.");
            }

            var index = BinaryPrimitives.ReadInt64BigEndian(packed);
            var digest = packed.Slice(sizeof(long), MerkleHash.Size).ToArray();
            var id = packed.Slice(Fixed, packed[Fixed - 1]);
            if (!Ascii.IsValid(id))
            {
                throw new FormatException("A packed receipt's message id is ASCII.");
            }

            var receipt = new LogReceipt(origin, index, Encoding.ASCII.GetString(id), digest);
            receipts.Add(receipt.IsWritable ? receipt : throw new FormatException("A packed receipt is not one a log writes."));
            packed = packed[(Fixed + id.Length)..];
        }

        return receipts;
    }
}
