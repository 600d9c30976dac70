namespace Federation.Transparency.Bundles;

/// <summary>A leaf outside the bundle's range and its RFC 9162 inclusion proof in the tree of <see cref="TreeSize"/> leaves (one of the bundle's checkpoints).</summary>
public sealed record BundleInclusion
{
    public required BundleLeaf Leaf { get; init; }

    public required long TreeSize { get; init; }

    public required IReadOnlyList<string> Proof { get; init; }
}
