namespace Federation.Core.Publication;

/// <summary>
/// What publishing adds to a case to make its advisory: who publishes, under which tracking id, when, what to do
/// about it, and the revision history. Immutable: <see cref="Correct"/> returns the next revision, so a correction
/// is published as a new document version and the history only grows.
/// </summary>
public sealed record AdvisoryPublication
{
    public const string DefaultLanguage = "en";

    private AdvisoryPublication(AdvisoryPublisher publisher, string trackingId, AdvisoryRemediation remediation, IReadOnlyList<AdvisoryRevision> revisions)
    {
        Publisher = publisher;
        TrackingId = trackingId;
        Remediation = remediation;
        Revisions = revisions;
    }

    public AdvisoryPublisher Publisher { get; }

    /// <summary>The advisory's id within the publisher's namespace, e.g. <c>FR-CERT-2026-0042</c>; it names the file too.</summary>
    public string TrackingId { get; }

    public AdvisoryRemediation Remediation { get; init; }

    /// <summary>Numbered 1, 2, …; the first is the initial publication, every later one a correction.</summary>
    public IReadOnlyList<AdvisoryRevision> Revisions { get; private init; }

    /// <summary>BCP 47 tag of the texts (title, synopsis, remediation) as the case holds them.</summary>
    public string Language { get; init; } = DefaultLanguage;

    /// <summary>
    /// The folder the provider serves TLP:CLEAR advisories from (e.g. <c>https://csaf.cert.example/.well-known/csaf/white/</c>);
    /// the canonical URL is this plus the year of the initial release and the file name, as CSAF §7.1.11 lays it out.
    /// Null leaves the canonical self reference out.
    /// </summary>
    public Uri? DirectoryUrl { get; init; }

    /// <summary>Set on a participant's own advisory: the origin authority's advisory for the same case.</summary>
    public OriginAdvisory? Origin { get; init; }

    public AdvisoryRevision Current => Revisions[^1];

    public DateTimeOffset PublishedAt => Revisions[0].Date;

    /// <summary>The first revision: the case is published at <paramref name="publishedAt"/>.</summary>
    public static AdvisoryPublication Initial(
        AdvisoryPublisher publisher, string trackingId, AdvisoryRemediation remediation, DateTimeOffset publishedAt, string summary = "Initial publication.")
    {
        ArgumentNullException.ThrowIfNull(publisher);
        ArgumentNullException.ThrowIfNull(remediation);
        return new AdvisoryPublication(publisher, Text(trackingId, "tracking_id"), remediation, [new AdvisoryRevision(1, publishedAt, Text(summary, "summary"))]);
    }

    /// <summary>
    /// A correction: the next revision number at <paramref name="at"/>, which may not precede the current one
    /// (CSAF readers take the highest number as the newest, and its date must agree).
    /// </summary>
    public AdvisoryPublication Correct(DateTimeOffset at, string summary, AdvisoryRemediation? remediation = null)
    {
        if (at < Current.Date)
        {
            throw new FederationException(ErrorCode.InvalidArgument,
                $"A correction of '{TrackingId}' cannot be dated before its revision {Current.Number}.", "date");
        }

        return this with
        {
            Revisions = [.. Revisions, new AdvisoryRevision(Current.Number + 1, at, Text(summary, "summary"))],
            Remediation = remediation ?? Remediation,
        };
    }

    private static string Text(string? value, string field) =>
        string.IsNullOrWhiteSpace(value)
            ? throw new FederationException(ErrorCode.InvalidArgument, $"'{field}' must not be empty.", field)
            : value.Trim();
}
