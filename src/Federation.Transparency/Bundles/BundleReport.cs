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
    IReadOnlyList<string> Receipts);
