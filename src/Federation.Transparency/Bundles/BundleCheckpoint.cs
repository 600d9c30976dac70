namespace Federation.Transparency.Bundles;

/// <summary>
/// A checkpoint of a bundle, its log signature verified. <see cref="Cosigners"/> names every other signature on it;
/// <see cref="Witnessed"/> those whose cosignature was verified with a witness key the auditor gave.
/// </summary>
public sealed record BundleCheckpoint(Checkpoint Checkpoint, IReadOnlyList<string> Cosigners, IReadOnlyList<string> Witnessed);
