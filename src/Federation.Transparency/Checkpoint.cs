using System.Globalization;

namespace Federation.Transparency;

/// <summary>
/// A tree head in the C2SP tlog-checkpoint text form (c2sp.org/tlog-checkpoint): origin, tree size, base64 root
/// hash, then one extension line "time UNIX-MILLISECONDS", since the issue asks that a checkpoint says when it was
/// made. The log's note signature covers the extension line; a witness cosignature, by that spec, covers only the
/// first three lines.
/// </summary>
public sealed record Checkpoint(string Origin, long Size, byte[] RootHash, DateTimeOffset Time)
{
    private const string TimePrefix = "time ";

    public string ToText()
    {
        if (!SignedNote.IsValidKeyName(Origin))
        {
            throw new FormatException("A checkpoint's origin is non-empty, without spaces or '+'.");
        }

        return string.Create(CultureInfo.InvariantCulture,
            $"{Origin}\n{Size}\n{Convert.ToBase64String(RootHash)}\n{TimePrefix}{Time.ToUnixTimeMilliseconds()}\n");
    }

    /// <summary>The three lines a cosignature signs: origin, size, root.</summary>
    public string ToCoreText() => string.Create(CultureInfo.InvariantCulture, $"{Origin}\n{Size}\n{Convert.ToBase64String(RootHash)}\n");

    public static Checkpoint Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = text.Split('\n');
        if (lines.Length != 5 || lines[^1].Length != 0)
        {
            throw new FormatException("A checkpoint here has four lines: origin, size, root hash, time.");
        }

        var origin = lines[0];
        if (!SignedNote.IsValidKeyName(origin))
        {
            throw new FormatException("A checkpoint's origin is non-empty, without spaces or '+'.");
        }

        if (!IsCanonicalSize(lines[1]) || !long.TryParse(lines[1], NumberStyles.None, CultureInfo.InvariantCulture, out var size))
        {
            throw new FormatException("A checkpoint's size is a decimal number without leading zeros.");
        }

        byte[] root;
        try
        {
            root = CanonicalBase64.Decode(lines[2]);
        }
        catch (FormatException)
        {
            throw new FormatException("A checkpoint's root hash is base64.");
        }

        if (root.Length != MerkleHash.Size || Convert.ToBase64String(root) != lines[2])
        {
            throw new FormatException($"A checkpoint's root hash is {MerkleHash.Size} bytes in canonical base64.");
        }

        // RFC 9162 §2.1.1: the tree of no leaves has the hash of the empty string. Any other root at size 0 commits to
        // nothing a proof could ever check, so it is no checkpoint (for a verifier, a witness, the node itself).
        if (size == 0 && !root.AsSpan().SequenceEqual(MerkleHash.Empty()))
        {
            throw new FormatException($"A checkpoint of size 0 has the root of the empty tree, SHA-256 of nothing ({Convert.ToBase64String(MerkleHash.Empty())}), not {lines[2]}.");
        }

        if (!lines[3].StartsWith(TimePrefix, StringComparison.Ordinal)
            || !long.TryParse(lines[3].AsSpan(TimePrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var millis)
            || millis > DateTimeOffset.MaxValue.ToUnixTimeMilliseconds())
        {
            throw new FormatException("A checkpoint's fourth line is \"time\" and its Unix time in milliseconds.");
        }

        return new Checkpoint(origin, size, root, DateTimeOffset.FromUnixTimeMilliseconds(millis));
    }

    private static bool IsCanonicalSize(string line) =>
        line.Length is > 0 and <= 19 && line.All(char.IsAsciiDigit) && (line == "0" || line[0] != '0');
}
