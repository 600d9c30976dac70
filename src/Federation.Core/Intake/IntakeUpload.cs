namespace Federation.Core.Intake;

/// <summary>A file sent with a report (a proof of concept), as it arrived.</summary>
public sealed record IntakeUpload(string FileName, string ContentType, byte[] Content);
