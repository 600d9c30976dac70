namespace Federation.Core.Publication;

/// <summary>
/// One advisory as the admin surface shows it: this node's own (with its document) or a partner's (a reference:
/// the origin serves the document).
/// </summary>
public sealed record AdvisoryListing(
    string TrackingId,
    string CaseId,
    string Publisher,
    int Version,
    DateTimeOffset PublishedAt,
    string Sha256,
    bool Own,
    byte[]? Json)
{
    public static AdvisoryListing Of(PublishedAdvisory advisory, string jurisdiction, bool withJson) =>
        new(advisory.TrackingId, advisory.CaseId, jurisdiction, advisory.Version, advisory.PublishedAt, advisory.Sha256, true, withJson ? advisory.Json : null);

    public static AdvisoryListing Of(ReceivedPublication publication) =>
        new(publication.TrackingId, publication.CaseId, publication.Origin, publication.Version, publication.PublishedAt, publication.Sha256, false, null);
}
