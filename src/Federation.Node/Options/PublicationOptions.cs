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

    /// <summary>
    /// The https base the CSAF provider is reached at (only scheme, host and port count), e.g. https://csaf.cert.example:
    /// provider-metadata.json, the white folder and every canonical URL in a document derive from it. Unset: the
    /// publisher namespace's host, where CSAF §7.1.9 expects /.well-known/csaf/ to be.
    /// </summary>
    public string? ProviderUrl { get; set; }

    /// <summary>
    /// An OpenPGP secret key ring file (ASCII-armoured, e.g. <c>gpg --export-secret-keys --armor</c>) whose first signing key
    /// signs the advisories. Unset: a key is generated into the data folder on first start (fine for development only).
    /// </summary>
    public string? SigningKeyPath { get; set; }

    /// <summary>The passphrase of <see cref="SigningKeyPath"/>'s key, if it has one (better given as an environment variable).</summary>
    public string? SigningKeyPassphrase { get; set; }

    /// <summary>provider-metadata.json's list_on_CSAF_aggregators.</summary>
    public bool ListOnAggregators { get; set; } = true;

    /// <summary>provider-metadata.json's mirror_on_CSAF_aggregators.</summary>
    public bool MirrorOnAggregators { get; set; } = true;

    public Core.Publication.CsafProviderLocation LocationFor(Core.Publication.AdvisoryPublisher publisher) =>
        new(string.IsNullOrWhiteSpace(ProviderUrl) ? publisher.Namespace : new Uri(ProviderUrl.Trim()))
        {
            ListOnAggregators = ListOnAggregators,
            MirrorOnAggregators = MirrorOnAggregators,
        };

    public Core.Publication.AdvisoryPublisher PublisherFor(Core.Identity.JurisdictionCode jurisdiction) => new(
        string.IsNullOrWhiteSpace(PublisherName) ? $"Federation node {jurisdiction}" : PublisherName.Trim(),
        new Uri(string.IsNullOrWhiteSpace(PublisherNamespace)
            ? $"https://{jurisdiction.Value.ToLowerInvariant()}.federation.invalid/"
            : PublisherNamespace.Trim()));
}
