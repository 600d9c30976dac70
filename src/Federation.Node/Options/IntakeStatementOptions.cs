namespace Federation.Node.Options;

/// <summary>One language's safe-harbour statement and disclosure policy: each given as text or as a file path, not both.</summary>
public sealed class IntakeStatementOptions
{
    public const int MaxTextLength = 20_000;

    /// <summary>The version reports record as accepted; change it whenever the text changes.</summary>
    public string? Version { get; set; }

    public string? SafeHarbour { get; set; }

    public string? SafeHarbourFile { get; set; }

    public string? DisclosurePolicy { get; set; }

    public string? DisclosurePolicyFile { get; set; }
}
