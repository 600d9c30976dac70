namespace Federation.Core.Cases;

/// <summary>Where a case stands at its origin.</summary>
public enum CaseStatus
{
    /// <summary>Recorded (by an operator or through intake), not yet triaged.</summary>
    New,
    Triage,
    Coordinating,
    Published,
    Closed,
}
