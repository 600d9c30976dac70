namespace Federation.Core.Intake;

/// <summary>What the reporter sees of where their report stands: coarser than <see cref="Cases.CaseStatus"/> on purpose.</summary>
public enum IntakeProgress
{
    Received,
    Triaged,
    Coordinating,
    Published,
    /// <summary>Closed without an advisory (a duplicate, out of scope, not reproducible): the thread says why.</summary>
    Closed,
}
