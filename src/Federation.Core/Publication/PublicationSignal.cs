using Federation.Core.Identity;

namespace Federation.Core.Publication;

/// <summary>
/// The origin tells a participant that it published a case: the case revision it published, the instant (the
/// origin's clock, so every participant shows the advisory from the same instant) and the advisory's name and hash.
/// References only: the document itself is public and is not sent. The URL (the origin's canonical URL of the
/// document) and the publisher's name let a participant reference the origin's advisory from its own; a signal from
/// a node that predates them carries neither.
/// </summary>
public sealed record PublicationSignal(
    FederationCaseId CaseId,
    long Revision,
    DateTimeOffset PublishedAt,
    string TrackingId,
    int Version,
    string Sha256Hex,
    Uri? AdvisoryUrl = null,
    string? PublisherName = null);
