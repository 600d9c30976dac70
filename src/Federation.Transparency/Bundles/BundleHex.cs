namespace Federation.Transparency.Bundles;

/// <summary>The bundle's hashes: 64 lowercase hex digits, nothing else (a verifier must not accept two spellings of one hash).</summary>
internal static class BundleHex
{
    public static byte[] Hash(string? text, string place)
    {
        if (text is null || text.Length != 2 * MerkleHash.Size || !text.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f'))
        {
            throw new BundleException(place, $"'{BundleLeaf.Clip(text ?? "null")}' is not a SHA-256 hash in 64 lowercase hex digits.");
        }

        return Convert.FromHexString(text);
    }

    public static List<byte[]> Hashes(IReadOnlyList<string>? texts, string place)
    {
        if (texts is null)
        {
            throw new BundleException(place, "is missing.");
        }

        return [.. texts.Select((t, i) => Hash(t, $"{place}[{i}]"))];
    }

    public static IReadOnlyList<string> Of(IEnumerable<byte[]> hashes) => [.. hashes.Select(Convert.ToHexStringLower)];
}
