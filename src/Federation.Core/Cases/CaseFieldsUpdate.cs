namespace Federation.Core.Cases;

/// <summary>A partial change to a case: null means "leave as it is".</summary>
public sealed record CaseFieldsUpdate
{
    public string? Title { get; init; }
    public string? Synopsis { get; init; }
    public string? TechnicalDescription { get; init; }
    public string? ProofOfConcept { get; init; }
    public string? ReporterName { get; init; }
    public string? ReporterContact { get; init; }
    public string? Vendor { get; init; }
    public string? Product { get; init; }
    public string? ModelVersion { get; init; }
    public string? Sector { get; init; }
    /// <summary>A catalogue attack-class id, or an ATLAS technique id that exactly one class carries.</summary>
    public string? TaxonomyClass { get; init; }

    /// <summary>A catalogue component-kind id.</summary>
    public string? Component { get; init; }
    public CaseStatus? Status { get; init; }
    public Tlp? Tlp { get; init; }
    public bool? NationalSecurity { get; init; }
    public bool? ContainsPersonalData { get; init; }

    /// <summary>The update sets (or clears, with an empty value) at least one free-text field, replacing what was there.</summary>
    public bool NamesText =>
        Title is not null || Synopsis is not null || TechnicalDescription is not null || ProofOfConcept is not null || ReporterName is not null
        || ReporterContact is not null || Vendor is not null || Product is not null || ModelVersion is not null;
}
