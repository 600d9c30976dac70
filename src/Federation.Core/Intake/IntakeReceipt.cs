namespace Federation.Core.Intake;

/// <summary>What a submission gives back, once: the case id and the token (never stored in this form).</summary>
public sealed record IntakeReceipt(string CaseId, string Token, DateTimeOffset ReceivedAt);
