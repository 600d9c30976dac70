using Federation.Transparency;

namespace Federation.Core.Transparency;

/// <summary>A leaf about a message and its inclusion proof in the latest checkpoint (null while no checkpoint covers it yet).</summary>
public sealed record ProvedLeaf(LogLeaf Leaf, IReadOnlyList<byte[]>? Proof);
