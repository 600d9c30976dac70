using System.Security.Cryptography.X509Certificates;

namespace Federation.Core.Identity;

/// <summary>
/// Whether a partner's CA has withdrawn a certificate it issued. The node implements it from the certificate
/// revocation list each partner CA signs; the validator asks it for every certificate of a chain below the anchor.
/// </summary>
public interface IRevocationCheck
{
    /// <summary>
    /// Grows whenever what the check would answer may have changed (a list reloaded, a list gone stale), so that a
    /// verdict cached under an older generation is judged again instead of outliving a revocation.
    /// </summary>
    long Generation { get; }

    /// <summary>Null when <paramref name="certificate"/> may be used; otherwise why not, in words for the refusal.</summary>
    /// <param name="jurisdiction">Whose anchor the chain ends at.</param>
    /// <param name="certificate">A certificate of the chain below the anchor.</param>
    /// <param name="issuer">The certificate that issued it (the anchor for a node certificate issued directly).</param>
    /// <param name="now">The instant the chain is judged at.</param>
    /// <param name="acceptStale">
    /// True for the one exchange that replaces a stale list (fetching the partner's new list): a list past its next update
    /// is then no reason to refuse, a certificate it names as revoked still is.
    /// </param>
    string? Problem(JurisdictionCode jurisdiction, X509Certificate2 certificate, X509Certificate2 issuer, DateTimeOffset now, bool acceptStale = false);
}
