namespace Federation.Transparency.Bundles;

/// <summary>What a bundle that holds showed: which log, which leaves, which checkpoints (and who cosigned them), which receipts.</summary>
public sealed record BundleReport(
    string Origin,
    IReadOnlyList<NoteKey> Keys,
    bool KeysFromBundle,
    long From,
    long To,
    IReadOnlyList<BundleCheckpoint> Checkpoints,
    int Inclusions,
    IReadOnlyList<string> Receipts)
{
    /// <summary>The bundle's own <c>receipts</c>, each matched with its leaf (and its signature checked where a partner key was given).</summary>
    public IReadOnlyList<HeldReceiptCheck> HeldReceipts { get; init; } = [];
}
