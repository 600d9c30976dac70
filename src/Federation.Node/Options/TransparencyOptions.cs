namespace Federation.Node.Options;

/// <summary>The node's transparency log: how often it signs a checkpoint of its head. Section "Federation:Transparency".</summary>
public sealed class TransparencyOptions
{
    public const string SectionName = "Federation:Transparency";

    /// <summary>How often a checkpoint is signed, when the log grew since the last one (and once at every start).</summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Unset: a break in the older hash chain of audit entries written before the log existed stops the start. Set to
    /// a sequence, after an investigation: breaks below it are signed into the log as found, and that acceptance is
    /// itself a leaf of the log.
    /// </summary>
    public long? AcceptBrokenChainBefore { get; set; }
}
