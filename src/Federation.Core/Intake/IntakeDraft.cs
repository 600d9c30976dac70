using Federation.Core.Cases;

namespace Federation.Core.Intake;

/// <summary>A checked submission, built but not yet stored: what <see cref="IntakeService.StageAsync"/> adds to a unit of work.</summary>
public sealed record IntakeDraft(
    Case Case, IntakeReport Report, IReadOnlyList<IntakeAttachment> Attachments, string Actor, string PolicyVersion, IntakeReceipt Receipt)
{
    /// <summary>The duplicate links staging found, reported once the commit is done.</summary>
    public IReadOnlyList<CaseLink> Links { get; set; } = [];
}
