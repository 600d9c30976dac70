namespace Federation.Node.Public.Intake;

/// <summary>A proof-of-concept file in a JSON report: its bytes as standard base64.</summary>
public sealed record IntakeAttachmentRequest(string? FileName, string? ContentType, string? ContentBase64);
