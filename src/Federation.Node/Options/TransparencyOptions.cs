namespace Federation.Node.Options;

/// <summary>The node's transparency log: how often it signs a checkpoint of its head. Section "Federation:Transparency".</summary>
public sealed class TransparencyOptions
{
    public const string SectionName = "Federation:Transparency";

    /// <summary>How often a checkpoint is signed, when the log grew since the last one (and once at every start).</summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromMinutes(1);
}
