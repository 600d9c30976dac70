namespace Federation.Core.Dashboard;

/// <summary>Where a set of deadlines comes from.</summary>
public enum DeadlineRegimeKind
{
    /// <summary>The EU Cyber Resilience Act timeline (Art. 14), when this node follows it.</summary>
    Cra,

    /// <summary>A treaty's response deadlines, for the cases shared under it.</summary>
    Treaty,
}
