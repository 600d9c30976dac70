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
}
