namespace Federation.Transparency;

/// <summary>
/// A complete subtree of the log: the 2^<see cref="Level"/> leaves starting at leaf
/// <see cref="Index"/> × 2^<see cref="Level"/>. Level 0 is a leaf hash. Complete subtrees never change once the log
/// has grown past them, which is why they are what a store keeps.
/// </summary>
public readonly record struct NodeAddress(int Level, long Index)
{
    public long FirstLeaf => Index << Level;

    public long LeafCount => 1L << Level;

    public override string ToString() => $"{Level}/{Index}";
}
