namespace Federation.Core.Publication;

/// <summary>
/// The origin authority's advisory for the same case, named by a participant's own advisory so that a
/// reader (and an aggregator) finds the coordinating document.
/// </summary>
public sealed record OriginAdvisory(string PublisherName, string TrackingId, Uri Url);
