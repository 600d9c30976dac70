namespace Federation.Transparency;

/// <summary>
/// Base64 that has exactly one spelling per value. The standard decoder ignores the unused low bits of the last
/// character before padding, so "Tw=" and "Tx=" decode alike: a signed note or checkpoint changed that way would
/// still verify, and a verifier must be able to say that any changed byte of a bundle is a change.
/// </summary>
public static class CanonicalBase64
{
    /// <summary>Decodes <paramref name="text"/>; <see cref="FormatException"/> when it is not base64 or not its canonical spelling.</summary>
    public static byte[] Decode(string text)
    {
        var bytes = Convert.FromBase64String(text);
        if (!string.Equals(Convert.ToBase64String(bytes), text, StringComparison.Ordinal))
        {
            throw new FormatException("The base64 text is not in its canonical form (padding, or unused bits set in the last character).");
        }

        return bytes;
    }

    /// <summary>As <see cref="Decode(string)"/>, for a line of a longer text (a receipt's audit path): no string made for it.</summary>
    public static byte[] Decode(ReadOnlySpan<char> text)
    {
        // A hash line is 44 characters; longer text takes the string path (rare, and not on a receipt's).
        if (text.Length > 256)
        {
            return Decode(text.ToString());
        }

        Span<byte> decoded = stackalloc byte[text.Length * 3 / 4 + 3];
        Span<char> again = stackalloc char[text.Length + 4];
        if (!Convert.TryFromBase64Chars(text, decoded, out var length))
        {
            throw new FormatException("The text is not base64.");
        }

        if (!Convert.TryToBase64Chars(decoded[..length], again, out var written) || !again[..written].SequenceEqual(text))
        {
            throw new FormatException("The base64 text is not in its canonical form (padding, or unused bits set in the last character).");
        }

        return decoded[..length].ToArray();
    }
}
