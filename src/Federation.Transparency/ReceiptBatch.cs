using System.Globalization;

namespace Federation.Transparency;

/// <summary>
/// The signed head of a batch of receipts: the RFC 9162 root over the receipt texts of one group commit. The log
/// signs this once for the whole batch instead of once per message, and each receipt carries its audit path to it.
/// Its text, signed as a C2SP note by the log's key:
/// <code>
/// ORIGIN
/// receipt-batch/v1
/// SIZE
/// BASE64(root)
/// </code>
/// Its second line keeps it apart from a checkpoint (whose second line is a size) and from a single receipt.
/// </summary>
public sealed record ReceiptBatch(string Origin, long Size, byte[] Root)
{
    private const string Marker = "receipt-batch/v1";

    /// <summary>A group commit holds far fewer; a larger size is not a batch this software made.</summary>
    public const long MaxSize = 1 << 16;

    public string ToText()
    {
        // A batch of one is never written as one: it is a single receipt, signed on its own (one spelling per promise).
        if (!SignedNote.IsValidKeyName(Origin) || Size < 2 || Size > MaxSize || Root is not { Length: MerkleHash.Size })
        {
            throw new FormatException($"A receipt batch names its log, a size from 2 to {MaxSize} and a 32-byte root.");
        }

        return string.Create(CultureInfo.InvariantCulture, $"{Origin}\n{Marker}\n{Size}\n{Convert.ToBase64String(Root)}\n");
    }

    /// <summary>True when <paramref name="text"/> looks like a batch head (its second line), before it is parsed strictly.</summary>
    public static bool IsBatchText(string text)
    {
        var first = text.IndexOf('\n', StringComparison.Ordinal);
        return first >= 0 && text.AsSpan(first + 1).StartsWith(Marker + "\n", StringComparison.Ordinal);
    }

    public static ReceiptBatch Parse(string text)
    {
        var lines = (text ?? string.Empty).Split('\n');
        if (lines.Length != 5 || lines[^1].Length != 0 || lines[1] != Marker)
        {
            throw new FormatException("A receipt batch has four lines: origin, \"receipt-batch/v1\", size, base64 root.");
        }

        if (!long.TryParse(lines[2], NumberStyles.None, CultureInfo.InvariantCulture, out var size))
        {
            throw new FormatException("A receipt batch's size is a decimal number.");
        }

        byte[] root;
        try
        {
            root = CanonicalBase64.Decode(lines[3]);
        }
        catch (FormatException)
        {
            throw new FormatException("A receipt batch's root is base64.");
        }

        var batch = new ReceiptBatch(lines[0], size, root);
        if (batch.ToText() != text)
        {
            throw new FormatException("A receipt batch's text is in its canonical form.");
        }

        return batch;
    }
}
