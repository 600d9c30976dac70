namespace Federation.Core.Publication;

/// <summary>
/// Where this node's CSAF provider lives (CSAF 2.0 §7.1.9 and §7.1.11): every URL a document, the feed or the
/// metadata names derives from one https base, so the bytes signed at publication name the same place an
/// aggregator fetches them from.
/// </summary>
public sealed record CsafProviderLocation
{
    /// <summary>The ROLIE feed of TLP:WHITE documents (CSAF §7.1.15), in the white folder.</summary>
    public const string FeedFileName = "csaf-feed-tlp-white.json";

    public CsafProviderLocation(Uri baseUrl)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        if (!baseUrl.IsAbsoluteUri || baseUrl.Scheme != Uri.UriSchemeHttps)
        {
            throw new ArgumentException($"A CSAF provider is served over https; '{baseUrl}' is not an absolute https URL.", nameof(baseUrl));
        }

        // Only scheme, host and port: the well-known folder sits at the root (RFC 8615).
        BaseUrl = new Uri(baseUrl.GetLeftPart(UriPartial.Authority) + "/");
    }

    public Uri BaseUrl { get; }

    /// <summary>provider-metadata's <c>list_on_CSAF_aggregators</c>: may an aggregator list this provider.</summary>
    public bool ListOnAggregators { get; init; } = true;

    /// <summary>provider-metadata's <c>mirror_on_CSAF_aggregators</c>: may an aggregator mirror the documents.</summary>
    public bool MirrorOnAggregators { get; init; } = true;

    public Uri WellKnown => new(BaseUrl, ".well-known/csaf/");

    public Uri MetadataUrl => new(WellKnown, "provider-metadata.json");

    /// <summary>The folder of TLP:WHITE (TLP 2.0 CLEAR) documents; the only one a node serves.</summary>
    public Uri DirectoryUrl => new(WellKnown, "white/");

    public Uri FeedUrl => new(DirectoryUrl, FeedFileName);

    public Uri DocumentUrl(string path) => new(DirectoryUrl, path);

    public Uri KeyUrl(string fingerprint) => new(WellKnown, $"openpgp/{fingerprint}.asc");
}
