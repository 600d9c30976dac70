using System.Text.Json.Nodes;

namespace Federation.Core.Publication;

/// <summary>
/// The ROLIE feed of the white folder (CSAF 2.0 §7.1.15, RFC 8322 in its JSON form; schema
/// <c>ROLIE_feed_json_schema.json</c>): one entry per document with links to the document, its hashes and its signature.
/// </summary>
public static class CsafRolieFeed
{
    public const string FeedId = "csaf-feed-tlp-white";
    public const string CsafSchemaUrl = "https://docs.oasis-open.org/csaf/csaf/v2.0/csaf_json_schema.json";

    public static JsonObject Entry(CsafDistributionEntry entry, CsafProviderLocation location)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(location);
        var url = location.DocumentUrl(entry.Path).AbsoluteUri;
        return new JsonObject
        {
            ["content"] = new JsonObject { ["src"] = url, ["type"] = "application/json" },
            ["format"] = new JsonObject { ["schema"] = CsafSchemaUrl, ["version"] = "2.0" },
            ["id"] = entry.TrackingId,
            // The self link comes first: the feed schema's prefixItems ask for it there.
            ["link"] = new JsonArray(
                Link("self", url),
                Link("hash", url + ".sha256"),
                Link("hash", url + ".sha512"),
                Link("signature", url + ".asc")),
            ["published"] = CsafJson.Date(entry.InitialReleaseDate),
            ["summary"] = new JsonObject { ["content"] = entry.Title },
            ["title"] = entry.Title,
            ["updated"] = CsafJson.Date(entry.CurrentReleaseDate),
        };
    }

    public static byte[] Build(AdvisoryPublisher publisher, CsafProviderLocation location, DateTimeOffset updated, IEnumerable<JsonObject> entries)
    {
        ArgumentNullException.ThrowIfNull(publisher);
        ArgumentNullException.ThrowIfNull(location);
        var feed = new JsonObject
        {
            ["feed"] = new JsonObject
            {
                ["category"] = new JsonArray(new JsonObject { ["scheme"] = "urn:ietf:params:rolie:category:information-type", ["term"] = "csaf" }),
                ["entry"] = new JsonArray([.. entries]),
                ["id"] = FeedId,
                ["link"] = new JsonArray(Link("self", location.FeedUrl.AbsoluteUri)),
                ["title"] = $"{publisher.Name}: CSAF advisories, TLP:WHITE",
                ["updated"] = CsafJson.Date(updated),
            },
        };
        return CsafJson.ToUtf8Bytes(feed);
    }

    private static JsonObject Link(string rel, string href) => new() { ["href"] = href, ["rel"] = rel };
}
