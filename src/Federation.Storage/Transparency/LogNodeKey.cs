using Federation.Transparency;

namespace Federation.Storage.Transparency;

/// <summary>
/// Packs a node's address into the table's INTEGER PRIMARY KEY (the rowid itself: no separate index). The key is the
/// node's last leaf times 64, plus its level: the nodes one append completes (leaf, then the subtrees it closes)
/// have the largest keys so far, in order, so every append writes at the right end of the B-tree and its pages fill.
/// </summary>
internal static class LogNodeKey
{
    private const int LevelBits = 6;

    public static long Of(NodeAddress address) => ((address.FirstLeaf + address.LeafCount - 1) << LevelBits) | (long)address.Level;

    public static NodeAddress Address(long key)
    {
        var level = (int)(key & ((1 << LevelBits) - 1));
        var lastLeaf = key >> LevelBits;
        return new NodeAddress(level, (lastLeaf + 1 - (1L << level)) >> level);
    }
}
