namespace Federation.Core.Intake;

/// <summary>
/// A date the reporter may hold the authority to: its name (embargo-end, publication-proposed, or a timeline's
/// name such as early-warning, notification, final-report), when, and where it stands (null for embargo dates).
/// </summary>
public sealed record ReporterDeadline(string Name, DateTimeOffset DueAt, Deadlines.DeadlineState? State);
