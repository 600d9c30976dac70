namespace Federation.Core.Dashboard;

/// <summary>How a published case's embargo ended, as far as the public figures count it.</summary>
public enum EmbargoOutcome
{
    /// <summary>No embargo was ever agreed by every participant (none proposed, or never accepted).</summary>
    None,

    /// <summary>An agreed embargo ended as coordinated: its origin lifted it (early or at the agreed end).</summary>
    Kept,

    /// <summary>An agreed embargo was broken by a participant (exploited in the wild, leaked).</summary>
    Broken,
}
