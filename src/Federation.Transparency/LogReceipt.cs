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

    /// <summary>Whether <see cref="ToText"/> can write this receipt: checked without writing it.</summary>
    public bool IsWritable => Problem() is null;

    public string ToText()
    {
        if (Problem() is { } problem)
        {
            throw new FormatException(problem);
        }

        return string.Create(CultureInfo.InvariantCulture, $"{Origin}\n{Marker}\n{Index}\n{MessageId}\n{Convert.ToBase64String(MessageDigest)}\n");
    }

    private string? Problem()
    {
        if (!SignedNote.IsValidKeyName(Origin) || MessageId.Length == 0 || MessageId.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            return "A receipt's origin and message id are non-empty, without spaces.";
        }

        return MessageDigest is not { Length: MerkleHash.Size } || Index < 0 ? "A receipt names a leaf index and a 32-byte SHA-256 digest." : null;
    }

    /// <summary>
    /// Parses exactly the text <see cref="ToText"/> writes, in place: a sender reads one receipt for every message it
    /// delivers. Each line is checked to be the one spelling ToText gives its value (the origin and message id as they
    /// are, the index without leading zeros, the digest in canonical base64), so the text is the receipt's ToText.
    /// </summary>
    public static LogReceipt Parse(string text)
    {
        text ??= string.Empty;
        Span<int> ends = stackalloc int[5];
        var at = -1;
        for (var i = 0; i < ends.Length; i++)
        {
            at = at + 1 < text.Length ? text.IndexOf('\n', at + 1) : -1;
            if (at < 0)
            {
                break;
            }

            ends[i] = at;
        }

        if (at != text.Length - 1 || at < 0 || !text.AsSpan((ends[0] + 1)..ends[1]).SequenceEqual(Marker))
        {
            throw new FormatException("A receipt has five lines: origin, \"receipt/v1\", index, message id, base64 digest.");
        }

        var indexText = text.AsSpan((ends[1] + 1)..ends[2]);
        if (!long.TryParse(indexText, NumberStyles.None, CultureInfo.InvariantCulture, out var index) || (indexText.Length > 1 && indexText[0] == '0'))
        {
            throw new FormatException("A receipt's index is a decimal number without leading zeros.");
        }

        byte[] digest;
        try
        {
            digest = CanonicalBase64.Decode(text.AsSpan((ends[3] + 1)..ends[4]));
        }
        catch (FormatException)
        {
            throw new FormatException("A receipt's digest is base64.");
        }

        var receipt = new LogReceipt(text[..ends[0]], index, text[(ends[2] + 1)..ends[3]], digest);
        return receipt.Problem() is { } problem ? throw new FormatException(problem) : receipt;
    }

    public static LogReceipt Open(string signedReceipt, IReadOnlyList<NoteKey> keys) => SignedReceipt.Open(signedReceipt, keys).Receipt;
}
