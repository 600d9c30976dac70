namespace Federation.Node.Options;

/// <summary>One partner: "Federation:Partners:DE".</summary>
public sealed class PartnerOptions
{
    /// <summary>Path to the partner's own CA certificate (PEM). The only certificate that may speak for it.</summary>
    public string? TrustAnchor { get; set; }

    /// <summary>
    /// Path to the certificate revocation list (PEM or DER) the partner's CA signs. Reloaded when the file changes;
    /// a certificate it lists is refused as revoked. Unset: the partner's certificates are not checked for revocation.
    /// </summary>
    public string? Crl { get; set; }

    /// <summary>
    /// Fetch the partner's revocation list from its peer service every "Federation:Revocation:FetchInterval" (it publishes
    /// it with "Federation:Revocation:OwnCrl"), checked against its pinned anchor exactly like <see cref="Crl"/>; the newer
    /// of the two is used. Kept in "{DataDirectory}/revocation-lists-fetched".
    /// </summary>
    public bool FetchCrl { get; set; }

    /// <summary>The partner's peer endpoint, e.g. https://de.node.example:7443. Optional: an operator may set it later.</summary>
    public string? Endpoint { get; set; }
}
