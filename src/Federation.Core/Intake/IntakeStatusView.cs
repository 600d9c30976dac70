namespace Federation.Core.Intake;

/// <summary>What the token holder sees: that report's stage, the dates that concern them, the thread. Nothing about partners.</summary>
public sealed record IntakeStatusView(
    string CaseId,
    string Title,
    string Language,
    string PolicyVersion,
    IntakeProgress Progress,
    DateTimeOffset ReceivedAt,
    IReadOnlyList<ReporterDeadline> Deadlines,
    IReadOnlyList<IntakeMessage> Messages,
    IReadOnlyList<IntakeAttachmentInfo> Attachments);
