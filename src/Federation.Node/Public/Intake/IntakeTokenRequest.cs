namespace Federation.Node.Public.Intake;

/// <summary>POST /api/v1/reports/status and /messages: the receipt token travels in the body, never in a URL (logs, history).</summary>
public sealed record IntakeTokenRequest(string? Token, string? Text, string? Language);
