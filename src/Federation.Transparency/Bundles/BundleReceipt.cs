namespace Federation.Transparency.Bundles;

/// <summary>A receipt to check against a bundle: its signed note, and a name (its file) to say which one failed.</summary>
public sealed record BundleReceipt(string Name, string Note);
