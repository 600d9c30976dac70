using System.Globalization;

namespace Federation.Transparency.Bundles;

/// <summary>
/// One leaf as the bundle writes it: the <see cref="LogLeaf"/> fields, the time to the 100 ns tick it was committed
/// with (UTC, seven decimals, "Z"), digests and the leaf hash (RFC 9162: SHA-256 of 0x00 and the leaf's encoding)
/// in lowercase hex.
/// </summary>
public sealed record BundleLeaf
{
    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    public required long Index { get; init; }

    public required string Id { get; init; }

    public required string At { get; init; }

    public required string Kind { get; init; }

    public required string Actor { get; init; }

    public string? Subject { get; init; }

    public required string Outcome { get; init; }

    public string? Treaty { get; init; }

    public string? MessageDigest { get; init; }

    public required string ContentCommitment { get; init; }

    public required string Hash { get; init; }

    public static BundleLeaf From(LogLeaf leaf) => new()
    {
        Index = leaf.Index,
        Id = leaf.Id,
        At = leaf.At.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture),
        Kind = leaf.Kind,
        Actor = leaf.Actor,
        Subject = leaf.Subject,
        Outcome = leaf.Outcome,
        Treaty = leaf.Treaty,
        MessageDigest = leaf.MessageDigest is null ? null : Convert.ToHexStringLower(leaf.MessageDigest),
        ContentCommitment = Convert.ToHexStringLower(leaf.ContentCommitment),
        Hash = Convert.ToHexStringLower(leaf.Hash()),
    };

    /// <summary>The leaf these fields stand for; <paramref name="place"/> names it in the error when a field is malformed.</summary>
    /// <exception cref="BundleException">A field is not in the documented form.</exception>
    public LogLeaf ToLogLeaf(string place)
    {
        if (!DateTime.TryParseExact(At, TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var at))
        {
            throw new BundleException($"{place}.at", $"'{Clip(At)}' is not a UTC time of the form 2026-12-02T06:33:47.1234567Z.");
        }

        var leaf = new LogLeaf(Index, Id, new DateTimeOffset(at, TimeSpan.Zero), Kind, Actor, Subject, Outcome, Treaty,
            MessageDigest is null ? null : BundleHex.Hash(MessageDigest, $"{place}.messageDigest"),
            BundleHex.Hash(ContentCommitment, $"{place}.contentCommitment"));
        try
        {
            leaf.Encode();
        }
        catch (ArgumentException ex)
        {
            throw new BundleException(place, ex.Message);
        }

        return leaf;
    }

    internal static string Clip(string text) => text.Length <= 64 ? text : text[..64] + "…";
}
