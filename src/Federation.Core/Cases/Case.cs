using Federation.Core.Identity;
using Federation.Core.Severity;
using Federation.Core.Taxonomy;

namespace Federation.Core.Cases;

/// <summary>
/// The local record of one reported vulnerability. Its raw fields (technical description,
/// proof of concept, reporter contact, …) never leave the node: only the sharing rule decides
/// what a partner sees, and it reads the case, it never serializes it.
/// </summary>
public sealed class Case
{
    // Limits keep one case from exhausting the store or a message; they are generous for prose.
    public const int MaxShortText = 512;
    public const int MaxLongText = 64 * 1024;
    public const int MaxProofOfConcept = 256 * 1024;

    private readonly List<string> _consentScopes = [];
    private readonly List<CaseTreatyFingerprint> _fingerprints = [];

    private Case()
    {
        Id = string.Empty;
        Title = string.Empty;
    }

    /// <summary>The federation case id as text (e.g. FR-01JD3…): the only id the case has.</summary>
    public string Id { get; private set; }
    public string Title { get; private set; }
    public string? Synopsis { get; private set; }
    public string? TechnicalDescription { get; private set; }
    public string? ProofOfConcept { get; private set; }
    public string? ReporterName { get; private set; }
    public string? ReporterContact { get; private set; }
    public string? Vendor { get; private set; }
    public string? Product { get; private set; }
    public string? ModelVersion { get; private set; }
    public string? Sector { get; private set; }
    /// <summary>A catalogue attack-class id (an ATLAS technique id given on input is resolved to it).</summary>
    public string? TaxonomyClass { get; private set; }

    /// <summary>A catalogue component-kind id: the part of the AI system the flaw is in.</summary>
    public string? Component { get; private set; }

    // The latest assessment, kept on the case so that sharing reads it without loading the history.
    public string? CvssVector { get; private set; }
    public int? CvssScoreTenths { get; private set; }
    public string? SsvcVector { get; private set; }
    public DateTimeOffset? AssessedAt { get; private set; }
    public string? AssessedBy { get; private set; }
    public CaseStatus Status { get; private set; }
    public Tlp Tlp { get; private set; }
    public bool NationalSecurity { get; private set; }
    public bool ContainsPersonalData { get; private set; }

    /// <summary>Increases with every change; summaries carry it so partners never go backwards.</summary>
    public long Revision { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    public IReadOnlyList<string> ConsentScopes => _consentScopes;

    /// <summary>One entry per treaty whose fingerprint key this node holds; its value is null when the case lacks a feature.</summary>
    public IReadOnlyList<CaseTreatyFingerprint> Fingerprints => _fingerprints;

    /// <summary>The current severity: the latest assessment's CVSS and SSVC, or null before the first assessment.</summary>
    public CaseSeverity? CurrentSeverity => CvssVector is null || CvssScoreTenths is null
        ? null
        : new CaseSeverity(CvssVector, new CvssScore(CvssScoreTenths.Value), SsvcVector is null ? null : SsvcAssessment.Parse(SsvcVector));

    /// <summary>The features duplicate detection compares, or null while one of them is missing.</summary>
    public CaseFeatures? Features =>
        string.IsNullOrWhiteSpace(Vendor) || string.IsNullOrWhiteSpace(Product) || TaxonomyClass is null || Component is null
            ? null
            : new CaseFeatures(Vendor, Product, ModelVersion ?? string.Empty, TaxonomyClass, Component);

    public FederationCaseId FederationId => FederationCaseId.Parse(Id);

    public static Case Create(JurisdictionCode origin, CaseFieldsUpdate fields, TimeProvider timeProvider)
    {
        if (string.IsNullOrWhiteSpace(fields.Title))
        {
            throw new FederationException(ErrorCode.InvalidArgument, "A case needs a title.", "title");
        }

        var now = timeProvider.GetUtcNow();
        var @case = new Case
        {
            Id = FederationCaseId.New(origin, timeProvider).ToString(),
            Status = CaseStatus.New,
            // Until an analyst labels it, a new case is as restricted as it can be.
            Tlp = Tlp.Red,
            CreatedAt = now,
            UpdatedAt = now,
            Revision = 0,
        };
        @case.Apply(fields, now);
        return @case;
    }

    public void Update(CaseFieldsUpdate fields, TimeProvider timeProvider) => Apply(fields, timeProvider.GetUtcNow());

    /// <summary>Replaces the consent: scopes not named are withheld from now on.</summary>
    public void RecordConsent(IEnumerable<string> scopes, TimeProvider timeProvider)
    {
        var normalized = scopes.Select(ConsentScope.Normalize).Distinct().Order(StringComparer.Ordinal).ToList();
        _consentScopes.Clear();
        _consentScopes.AddRange(normalized);
        Touch(timeProvider.GetUtcNow());
    }

    public bool HasConsent(string scope) => _consentScopes.Contains(scope);

    /// <summary>
    /// Records an assessment: it becomes the current severity (an SSVC left out of it is no longer current)
    /// and a new revision, so partners holding the case receive it.
    /// </summary>
    public CaseAssessment Assess(CvssV4Vector cvss, SsvcAssessment? ssvc, string author, TimeProvider timeProvider)
    {
        var now = timeProvider.GetUtcNow();
        CvssVector = cvss.ToString();
        CvssScoreTenths = cvss.Score().Tenths;
        SsvcVector = ssvc?.ToString();
        AssessedAt = now;
        AssessedBy = author;
        Touch(now);
        return new CaseAssessment(Id, Revision, CvssVector, CvssScoreTenths.Value, SsvcVector, author, now);
    }

    /// <summary>The fingerprint under one treaty's key, or null when this node holds no key for that treaty.</summary>
    public CaseTreatyFingerprint? FingerprintUnder(string treatyId) =>
        _fingerprints.FirstOrDefault(f => string.Equals(f.TreatyId, treatyId, StringComparison.Ordinal));

    /// <summary>
    /// Replaces the fingerprints (one per treaty key held). Returns whether anything changed; the caller
    /// decides whether that is a new revision (it is when only the keys changed, see CaseFingerprinter).
    /// </summary>
    public bool ReplaceFingerprints(IReadOnlyCollection<CaseTreatyFingerprint> fingerprints)
    {
        var changed = _fingerprints.RemoveAll(held => !fingerprints.Any(f => f.TreatyId == held.TreatyId)) > 0;
        foreach (var fingerprint in fingerprints)
        {
            // Entries are changed in place, so the store updates a row rather than replacing it.
            if (FingerprintUnder(fingerprint.TreatyId) is not { } held)
            {
                _fingerprints.Add(fingerprint);
                changed = true;
            }
            else if (held.Value != fingerprint.Value)
            {
                held.Change(fingerprint.Value);
                changed = true;
            }
        }

        return changed;
    }

    /// <summary>A change that is not an operator's edit (fingerprint keys changed): partners still get a new revision.</summary>
    public void MarkChanged(TimeProvider timeProvider) => Touch(timeProvider.GetUtcNow());

    private void Apply(CaseFieldsUpdate f, DateTimeOffset now)
    {
        if (f.Title is not null)
        {
            Title = Required(f.Title, "title", MaxShortText);
        }

        Synopsis = Optional(f.Synopsis, "synopsis", MaxLongText) ?? Synopsis;
        TechnicalDescription = Optional(f.TechnicalDescription, "technical_description", MaxLongText) ?? TechnicalDescription;
        ProofOfConcept = Optional(f.ProofOfConcept, "proof_of_concept", MaxProofOfConcept) ?? ProofOfConcept;
        ReporterName = Optional(f.ReporterName, "reporter_name", MaxShortText) ?? ReporterName;
        ReporterContact = Optional(f.ReporterContact, "reporter_contact", MaxShortText) ?? ReporterContact;
        Vendor = Optional(f.Vendor, "vendor", MaxShortText) ?? Vendor;
        Product = Optional(f.Product, "product", MaxShortText) ?? Product;
        ModelVersion = Optional(f.ModelVersion, "model_version", MaxShortText) ?? ModelVersion;
        Sector = f.Sector is null ? Sector : Sectors.Normalize(f.Sector);
        TaxonomyClass = f.TaxonomyClass is null ? TaxonomyClass : Resolve(() => TaxonomyCatalogue.Default.ResolveAttackClass(f.TaxonomyClass), "taxonomy_class");
        Component = f.Component is null ? Component : Resolve(() => TaxonomyCatalogue.Default.GetComponentKind(f.Component), "component");
        Status = f.Status ?? Status;
        Tlp = f.Tlp ?? Tlp;
        NationalSecurity = f.NationalSecurity ?? NationalSecurity;
        ContainsPersonalData = f.ContainsPersonalData ?? ContainsPersonalData;
        Touch(now);
    }

    private void Touch(DateTimeOffset now)
    {
        Revision++;
        UpdatedAt = now;
    }

    // The catalogue names its own list in the error; the field is renamed to the one the caller sent.
    private static string Resolve(Func<TaxonomyEntry> lookup, string field)
    {
        try
        {
            return lookup().Id;
        }
        catch (FederationException ex) when (ex.Code == ErrorCode.InvalidArgument)
        {
            throw new FederationException(ErrorCode.InvalidArgument, ex.Message, field);
        }
    }

    private static string Required(string value, string field, int max)
    {
        var trimmed = value.Trim();
        if (trimmed.Length == 0)
        {
            throw new FederationException(ErrorCode.InvalidArgument, $"'{field}' must not be empty.", field);
        }

        return Optional(trimmed, field, max)!;
    }

    private static string? Optional(string? value, string field, int max)
    {
        if (value is null)
        {
            return null;
        }

        return value.Length <= max
            ? value
            : throw new FederationException(ErrorCode.InvalidArgument,
                $"'{field}' is {value.Length} characters long; the limit is {max}.", field);
    }
}
