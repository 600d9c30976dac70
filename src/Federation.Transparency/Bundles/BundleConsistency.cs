namespace Federation.Transparency.Bundles;

/// <summary>An RFC 9162 consistency proof (PROOF(OldSize, D[NewSize])), its hashes in lowercase hex.</summary>
public sealed record BundleConsistency
{
    public required long OldSize { get; init; }

    public required long NewSize { get; init; }

    public required IReadOnlyList<string> Proof { get; init; }
}
