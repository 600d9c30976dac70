namespace Federation.Node.Public.Intake;

/// <summary>POST /api/v1/reports: a report as a tool sends it (snake_case JSON; unknown members are refused).</summary>
public sealed record IntakeReportRequest(
    string? Language,
    string? Title,
    string? Synopsis,
    string? TechnicalDescription,
    string? ProofOfConcept,
    string? Vendor,
    string? Product,
    string? ModelVersion,
    string? Sector,
    string? TaxonomyClass,
    string? Component,
    string? ReporterName,
    string? ReporterContact,
    IntakeConsentRequest? Consent,
    string? AcceptedPolicyVersion,
    IReadOnlyList<IntakeAttachmentRequest>? Attachments);
