namespace Federation.Core.Publication;

/// <summary>
/// This node's authority as it signs its advisories (CSAF <c>/document/publisher</c>).
/// The namespace is the authority's own URL: CSAF makes (namespace, tracking id) the document's global name.
/// </summary>
public sealed record AdvisoryPublisher(string Name, Uri Namespace, string? ContactDetails = null, string? IssuingAuthority = null);
