namespace Federation.Core.Intake;

/// <summary>One report in the operator's list.</summary>
public sealed record IntakeListing(IntakeReport Report, string Title, Cases.CaseStatus Status, int Messages);
