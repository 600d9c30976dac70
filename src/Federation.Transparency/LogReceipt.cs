using System.Globalization;

namespace Federation.Transparency;

/// <summary>
/// A log's signed promise that it logged a message at an index: the receiver gives it to the sender in its
/// acknowledgement, and either can show it to an auditor. Its text, signed as a C2SP note by the log's key:
/// <code>
/// ORIGIN
/// receipt/v1
/// INDEX
/// MESSAGE-ID
/// BASE64(SHA-256 of the message)
/// </code>
/// </summary>
public sealed record LogReceipt(string Origin, long Index, string MessageId, byte[] MessageDigest)
{
    private const string Marker = "receipt/v1";

    public string ToText()
    {
        if (!SignedNote.IsValidKeyName(Origin) || MessageId.Length == 0 || MessageId.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            throw new FormatException("A receipt's origin and message id are non-empty, without spaces.");
        }

        if (MessageDigest is not { Length: MerkleHash.Size } || Index < 0)
        {
            throw new FormatException("A receipt names a leaf index and a 32-byte SHA-256 digest.");
        }

        return string.Create(CultureInfo.InvariantCulture, $"{Origin}\n{Marker}\n{Index}\n{MessageId}\n{Convert.ToBase64String(MessageDigest)}\n");
    }

    public static LogReceipt Parse(string text)
    {
        var lines = (text ?? string.Empty).Split('\n');
        if (lines.Length != 6 || lines[^1].Length != 0 || lines[1] != Marker)
        {
            throw new FormatException("A receipt has five lines: origin, \"receipt/v1\", index, message id, base64 digest.");
        }

        if (!long.TryParse(lines[2], NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index.ToString(CultureInfo.InvariantCulture) != lines[2])
        {
            throw new FormatException("A receipt's index is a decimal number without leading zeros.");
        }

        byte[] digest;
        try
        {
            digest = CanonicalBase64.Decode(lines[4]);
        }
        catch (FormatException)
        {
            throw new FormatException("A receipt's digest is base64.");
        }

        var receipt = new LogReceipt(lines[0], index, lines[3], digest);
        if (receipt.ToText() != text)
        {
            throw new FormatException("A receipt's text is in its canonical form.");
        }

        return receipt;
    }

    /// <summary>
    /// Opens a signed receipt of either form (single or of a batch, see <see cref="SignedReceipt"/>): one of
    /// <paramref name="keys"/> (named after its origin) must have signed it.
    /// </summary>
    public static LogReceipt Open(string signedReceipt, IReadOnlyList<NoteKey> keys) => SignedReceipt.Open(signedReceipt, keys).Receipt;
}
