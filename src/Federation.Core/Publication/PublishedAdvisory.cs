namespace Federation.Core.Publication;

/// <summary>
/// An advisory this node published for one of its cases: the current CSAF document (bytes as served, their
/// SHA-256) and what it takes to build the next revision (publisher, remediation, revision history).
/// </summary>
public sealed class PublishedAdvisory
{
    private PublishedAdvisory()
    {
        TrackingId = CaseId = Sha256 = PublisherName = PublisherNamespace = RemediationDetails = string.Empty;
        Json = [];
        Revisions = [];
    }

    public PublishedAdvisory(string caseId, AdvisoryPublication publication, CsafAdvisory document)
        : this()
    {
        CaseId = caseId;
        TrackingId = publication.TrackingId;
        PublishedAt = publication.PublishedAt;
        Revise(publication, document);
    }

    public string TrackingId { get; private set; }
    public string CaseId { get; private set; }
    public int Version { get; private set; }

    /// <summary>The initial release: the advisory is public from this instant on.</summary>
    public DateTimeOffset PublishedAt { get; private set; }

    /// <summary>The current revision's date.</summary>
    public DateTimeOffset RevisedAt { get; private set; }

    /// <summary>Lower-case hex SHA-256 of <see cref="Json"/>.</summary>
    public string Sha256 { get; private set; }

    /// <summary>The CSAF 2.0 document's UTF-8 bytes, exactly as built.</summary>
    public byte[] Json { get; private set; }

    public string PublisherName { get; private set; }
    public string PublisherNamespace { get; private set; }
    public RemediationCategory RemediationCategory { get; private set; }
    public string RemediationDetails { get; private set; }
    public List<AdvisoryRevision> Revisions { get; private set; }

    public void Revise(AdvisoryPublication publication, CsafAdvisory document)
    {
        ArgumentNullException.ThrowIfNull(publication);
        ArgumentNullException.ThrowIfNull(document);
        Version = document.Version;
        RevisedAt = publication.Current.Date;
        Sha256 = document.Sha256Hex;
        Json = document.Utf8Json;
        PublisherName = publication.Publisher.Name;
        PublisherNamespace = publication.Publisher.Namespace.AbsoluteUri;
        RemediationCategory = publication.Remediation.Category;
        RemediationDetails = publication.Remediation.Details;
        Revisions = [.. publication.Revisions];
    }

    /// <summary>The publication as stored, rebuilt revision by revision, so a correction extends the same history.</summary>
    public AdvisoryPublication ToPublication(AdvisoryPublisher publisher)
    {
        var remediation = new AdvisoryRemediation(RemediationCategory, RemediationDetails);
        var first = Revisions[0];
        var publication = AdvisoryPublication.Initial(publisher, TrackingId, remediation, first.Date, first.Summary);
        foreach (var revision in Revisions.Skip(1))
        {
            publication = publication.Correct(revision.Date, revision.Summary);
        }

        return publication;
    }
}
