namespace Federation.Core.Intake;

/// <summary>An attachment without its bytes, as lists show it.</summary>
public sealed record IntakeAttachmentInfo(string Id, string FileName, string ContentType, long Length, string Sha256, DateTimeOffset At);
