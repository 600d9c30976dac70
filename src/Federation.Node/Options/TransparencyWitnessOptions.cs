namespace Federation.Node.Options;

/// <summary>How this node witnesses its partners' transparency logs (<c>Federation:Transparency:Witness</c>).</summary>
public sealed class TransparencyWitnessOptions
{
    public const string SectionName = "Federation:Transparency:Witness";

    /// <summary>Off only for tests and benchmarks that measure something else.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often each partner's latest checkpoint is fetched, checked and cosigned.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);
}
