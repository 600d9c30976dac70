namespace Federation.Node.Public.Pages.Intake;

/// <summary>The report form's fields, as posted (the names are the form's; the domain checks the values).</summary>
public sealed class ReportInput
{
    public string? Title { get; set; }
    public string? Synopsis { get; set; }
    public string? TechnicalDescription { get; set; }
    public string? ProofOfConcept { get; set; }
    public string? Vendor { get; set; }
    public string? Product { get; set; }
    public string? ModelVersion { get; set; }
    public string? Sector { get; set; }
    public string? TaxonomyClass { get; set; }
    public string? Component { get; set; }
    public string? ReporterName { get; set; }
    public string? ReporterContact { get; set; }
    public bool ShareSummary { get; set; }
    public bool NameVendor { get; set; }
    public bool NameReporter { get; set; }
    public bool AcceptPolicy { get; set; }

    /// <summary>The version shown on the page the reporter accepted (a hidden field), checked against the current one.</summary>
    public string? PolicyVersion { get; set; }

    public List<IFormFile> Attachments { get; set; } = [];
}
