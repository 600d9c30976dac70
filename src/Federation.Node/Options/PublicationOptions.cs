namespace Federation.Node.Options;

/// <summary>
/// Who this node's advisories name as publisher (CSAF <c>/document/publisher</c>). Section "Federation:Publication".
/// Unset, both derive from the node's jurisdiction (see <see cref="PublisherFor"/>): fine for a development
/// federation, while a real authority sets its own name and URL (CSAF makes namespace plus tracking id the global name).
/// </summary>
public sealed class PublicationOptions
{
    public const string SectionName = "Federation:Publication";

    public const int MaxNameLength = 200;

    /// <summary>The authority's name, e.g. "CERT-FR".</summary>
    public string? PublisherName { get; set; }

    /// <summary>The authority's own absolute https URL, e.g. https://www.cert.ssi.gouv.fr.</summary>
    public string? PublisherNamespace { get; set; }

    public Core.Publication.AdvisoryPublisher PublisherFor(Core.Identity.JurisdictionCode jurisdiction) => new(
        string.IsNullOrWhiteSpace(PublisherName) ? $"Federation node {jurisdiction}" : PublisherName.Trim(),
        new Uri(string.IsNullOrWhiteSpace(PublisherNamespace)
            ? $"https://{jurisdiction.Value.ToLowerInvariant()}.federation.invalid/"
            : PublisherNamespace.Trim()));
}
