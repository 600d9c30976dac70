using System.Text.Json.Nodes;

namespace Federation.Core.Publication;

/// <summary>
/// <c>/.well-known/csaf/provider-metadata.json</c> (CSAF 2.0 §7.1.7, schema <c>provider_json_schema.json</c>): who
/// publishes, where the white folder and its ROLIE feed are, and which OpenPGP key signs. The role is
/// <c>csaf_trusted_provider</c> (§7.2.3): every document is hashed (§7.1.18) and signed (§7.1.19), and the key is
/// published (§7.1.20). Deterministic bytes, like the advisories.
/// </summary>
public static class ProviderMetadataDocument
{
    public static byte[] Build(AdvisoryPublisher publisher, CsafProviderLocation location, IAdvisorySigner signer, DateTimeOffset lastUpdated)
    {
        ArgumentNullException.ThrowIfNull(publisher);
        ArgumentNullException.ThrowIfNull(location);
        ArgumentNullException.ThrowIfNull(signer);
        var metadata = new JsonObject
        {
            ["canonical_url"] = location.MetadataUrl.AbsoluteUri,
            ["distributions"] = new JsonArray(new JsonObject
            {
                ["directory_url"] = location.DirectoryUrl.AbsoluteUri,
                ["rolie"] = new JsonObject
                {
                    ["feeds"] = new JsonArray(new JsonObject
                    {
                        ["summary"] = $"All TLP:WHITE (TLP 2.0 CLEAR) advisories of {publisher.Name}.",
                        ["tlp_label"] = "WHITE",
                        ["url"] = location.FeedUrl.AbsoluteUri,
                    }),
                },
            }),
            ["last_updated"] = CsafJson.Date(lastUpdated),
            ["list_on_CSAF_aggregators"] = location.ListOnAggregators,
            ["metadata_version"] = "2.0",
            ["mirror_on_CSAF_aggregators"] = location.MirrorOnAggregators,
            ["public_openpgp_keys"] = new JsonArray(new JsonObject
            {
                ["fingerprint"] = signer.Fingerprint,
                ["url"] = location.KeyUrl(signer.Fingerprint).AbsoluteUri,
            }),
            ["publisher"] = CsafAdvisoryBuilder.Publisher(publisher),
            ["role"] = "csaf_trusted_provider",
        };
        return CsafJson.ToUtf8Bytes(metadata);
    }
}
