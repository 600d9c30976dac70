namespace Federation.Node.Options;

/// <summary>
/// Checking partners' certificates against their CAs' revocation lists. Section "Federation:Revocation"; each
/// partner's list is named by "Federation:Partners:J:Crl".
/// </summary>
public sealed class RevocationOptions
{
    public const string SectionName = "Federation:Revocation";

    /// <summary>Past a list's nextUpdate with no newer list: refuse (the default) or accept on the last list, warning.</summary>
    public StaleCrlPolicy WhenStale { get; set; } = StaleCrlPolicy.FailClosed;

    /// <summary>How often the CRL files are looked at for a change (and lists checked for staleness).</summary>
    public TimeSpan ReloadInterval { get; set; } = TimeSpan.FromSeconds(30);
}
