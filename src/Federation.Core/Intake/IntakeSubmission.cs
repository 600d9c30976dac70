namespace Federation.Core.Intake;

/// <summary>
/// A report as the researcher sent it, from the form or the JSON endpoint. Every text is in <see cref="Language"/>;
/// the fields are those of a case's raw fields.
/// </summary>
public sealed record IntakeSubmission
{
    public required string Language { get; init; }
    public string? Title { get; init; }
    public string? Synopsis { get; init; }
    public string? TechnicalDescription { get; init; }
    public string? ProofOfConcept { get; init; }
    public string? Vendor { get; init; }
    public string? Product { get; init; }
    public string? ModelVersion { get; init; }
    public string? Sector { get; init; }
    public string? TaxonomyClass { get; init; }
    public string? Component { get; init; }
    public string? ReporterName { get; init; }
    public string? ReporterContact { get; init; }
    public IntakeConsent Consent { get; init; } = IntakeConsent.None;
    public string? AcceptedPolicyVersion { get; init; }
    public IReadOnlyList<IntakeUpload> Attachments { get; init; } = [];
}
