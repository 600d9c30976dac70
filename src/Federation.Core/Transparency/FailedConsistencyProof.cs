using Federation.Transparency;

namespace Federation.Core.Transparency;

/// <summary>
/// A consistency proof from <see cref="OldSize"/> to <see cref="NewSize"/> that a partner gave and that fails against
/// the roots of its two signed checkpoints: kept with the fork, so that anyone can recompute that it fails. (A proof is
/// not signed, so it shows what the partner answered, not that it answered it.)
/// </summary>
public sealed record FailedConsistencyProof(long OldSize, long NewSize, IReadOnlyList<byte[]> Hashes)
{
    /// <summary>
    /// No valid proof between sizes below 2^63 has more: one hash per level of the tree, and one more at the bottom.
    /// </summary>
    public const int MaxHashes = 64;

    /// <summary>The proof, to keep as it came; null when its shape alone fails it (too many hashes, or one not of SHA-256's size).</summary>
    public static FailedConsistencyProof? Keepable(long oldSize, long newSize, IReadOnlyList<byte[]> hashes) =>
        hashes.Count <= MaxHashes && hashes.All(h => h.Length == MerkleHash.Size) ? new(oldSize, newSize, [.. hashes]) : null;

    /// <summary>The hashes as the store keeps them: base64, separated by spaces.</summary>
    public string HashesText() => string.Join(' ', Hashes.Select(Convert.ToBase64String));

    /// <exception cref="FormatException">Not hashes as <see cref="HashesText"/> writes them.</exception>
    public static IReadOnlyList<byte[]> ParseHashes(string text) =>
        text.Length == 0 ? [] : [.. text.Split(' ').Select(Convert.FromBase64String)];
}
