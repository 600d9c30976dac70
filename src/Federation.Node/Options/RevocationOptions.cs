namespace Federation.Node.Options;

/// <summary>
/// Checking partners' certificates against their CAs' revocation lists, and publishing this node's CA's list. Section
/// "Federation:Revocation"; each partner's list is named by "Federation:Partners:J:Crl", fetched from it with
/// "Federation:Partners:J:FetchCrl", or both.
/// </summary>
public sealed class RevocationOptions
{
    public const string SectionName = "Federation:Revocation";

    /// <summary>Past a list's nextUpdate with no newer list: refuse (the default) or accept on the last list, warning.</summary>
    public StaleCrlPolicy WhenStale { get; set; } = StaleCrlPolicy.FailClosed;

    /// <summary>How often the CRL files are looked at for a change (and lists checked for staleness).</summary>
    public TimeSpan ReloadInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Path to the revocation list (PEM or DER) this node's own CA signs, served to partners over the peer service
    /// (Peer.GetRevocationList) and read again at every call, so a new list is published by replacing the file. Unset:
    /// this node publishes none.
    /// </summary>
    public string? OwnCrl { get; set; }

    /// <summary>How often the lists of partners with "Federation:Partners:J:FetchCrl" are fetched from them.</summary>
    public TimeSpan FetchInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The largest list taken from a partner, in bytes: below the peer service's message size, so an oversized list is
    /// refused by name (audited) rather than as a transport error. Unset: 512 KiB, or half of "Federation:MaxMessageBytes"
    /// when that is smaller.
    /// </summary>
    public int? MaxFetchedBytes { get; set; }

    /// <summary>The cap <see cref="MaxFetchedBytes"/> sets, or its default under <paramref name="maxMessageBytes"/>.</summary>
    public int FetchedBytesLimit(int maxMessageBytes) => MaxFetchedBytes ?? Math.Min(512 * 1024, maxMessageBytes / 2);
}
