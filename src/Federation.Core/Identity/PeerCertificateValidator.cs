using System.Security.Cryptography.X509Certificates;

namespace Federation.Core.Identity;

/// <summary>
/// Decides who a certificate speaks for: its chain must end at a pinned anchor, and the
/// jurisdiction its SAN URI claims must be the one that anchor is pinned for. A certificate
/// issued by France's CA that claims to be Germany is rejected. A certificate the partner's CA has revoked speaks for
/// nobody either (<see cref="IRevocationCheck"/>).
/// </summary>
public sealed class PeerCertificateValidator(TrustAnchors anchors, IRevocationCheck? revocation = null)
{
    /// <summary>See <see cref="IRevocationCheck.Generation"/>: 0 when nothing is checked for revocation.</summary>
    public long RevocationGeneration => revocation?.Generation ?? 0;

    /// <summary>Who the certificate speaks for, or a refusal saying why it speaks for nobody.</summary>
    /// <param name="certificate">The leaf presented; null when none was.</param>
    /// <param name="now">The instant the chain is judged at.</param>
    /// <param name="intermediates">Intermediate CA certificates the peer sent along, if any.</param>
    /// <param name="role">What the certificate is presented for: a caller's (client) or a partner server's we dialled.</param>
    /// <param name="acceptStaleRevocationList">See <see cref="IRevocationCheck.Problem"/>: only for fetching a partner's revocation list.</param>
    public PeerIdentity Validate(X509Certificate2? certificate, DateTimeOffset now, IEnumerable<X509Certificate2>? intermediates = null, CertificateRole role = CertificateRole.Client,
        bool acceptStaleRevocationList = false)
    {
        try
        {
            return ValidateReadable(certificate, now, intermediates, role, acceptStaleRevocationList);
        }
        catch (System.Security.Cryptography.CryptographicException ex)
        {
            // A certificate is parsed lazily: one whose outer structure loads can still hold a corrupt extension,
            // validity or key, found only when read here. Corrupt is refused, never a failure of this node (a fuzz finding).
            throw new FederationException(ErrorCode.Unauthenticated, $"The certificate is rejected: it cannot be read ({BoundedText.Of(ex.Message, 120)}).");
        }
    }

    private PeerIdentity ValidateReadable(X509Certificate2? certificate, DateTimeOffset now, IEnumerable<X509Certificate2>? intermediates, CertificateRole role, bool acceptStale)
    {
        if (certificate is null)
        {
            throw new FederationException(ErrorCode.Unauthenticated,
                "No client certificate was presented: the peer port requires a node certificate issued by your jurisdiction's pinned CA.");
        }

        var claimed = JurisdictionUri.Read(certificate);
        if (claimed.Count != 1)
        {
            var lookalikes = JurisdictionUri.NonCanonical(certificate);
            throw new FederationException(ErrorCode.Unauthenticated, lookalikes.Count > 0
                ? $"The certificate {Describe(certificate)} is rejected: its SAN URI must be exactly {JurisdictionUri.Prefix}XX (lower-case prefix, upper-case code); '{Printable(lookalikes[0])}' is not."
                : $"The certificate {Describe(certificate)} must name exactly one jurisdiction in a SAN URI ({JurisdictionUri.Prefix}XX); it names {claimed.Count}.");
        }

        if (NodeCertificatePolicy.Problem(certificate, role) is { } problem)
        {
            throw new FederationException(ErrorCode.Unauthenticated, $"The certificate {Describe(certificate)} is rejected: {problem}.");
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(anchors.All);
        // The platform's revocation checking would fetch CRLs from addresses the certificate names, from a node that
        // must not reach out to them; each partner's CRL is configured instead and checked below.
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = now.UtcDateTime;
        chain.ChainPolicy.VerificationTimeIgnored = false;
        if (intermediates is not null)
        {
            chain.ChainPolicy.ExtraStore.AddRange(intermediates.ToArray());
        }

        if (!chain.Build(certificate))
        {
            var statuses = chain.ChainStatus.Select(s => s.Status).Aggregate(X509ChainStatusFlags.NoError, (a, b) => a | b);
            var why = statuses.HasFlag(X509ChainStatusFlags.NotTimeValid)
                ? $"it is not valid at {now:yyyy-MM-dd'T'HH:mm:ss'Z'} (valid {certificate.NotBefore.ToUniversalTime():yyyy-MM-dd} to {certificate.NotAfter.ToUniversalTime():yyyy-MM-dd}): it has expired or is not yet valid"
                : statuses.HasFlag(X509ChainStatusFlags.UntrustedRoot) || statuses.HasFlag(X509ChainStatusFlags.PartialChain)
                    ? "it does not chain to any pinned jurisdiction anchor"
                    : $"its chain is invalid ({statuses})";
            throw new FederationException(ErrorCode.Unauthenticated, $"The certificate {Describe(certificate)} is rejected: {why}.");
        }

        var root = chain.ChainElements[^1].Certificate;
        if (!anchors.TryGetJurisdiction(root, out var anchorJurisdiction))
        {
            throw new FederationException(ErrorCode.Unauthenticated,
                $"The certificate {Describe(certificate)} is rejected: it does not chain to any pinned jurisdiction anchor.");
        }

        if (revocation is not null)
        {
            for (var i = 0; i < chain.ChainElements.Count - 1; i++)
            {
                if (revocation.Problem(anchorJurisdiction, chain.ChainElements[i].Certificate, chain.ChainElements[i + 1].Certificate, now, acceptStale) is { } revoked)
                {
                    var which = i == 0 ? Describe(certificate) : $"{Describe(certificate)}: its issuer {Describe(chain.ChainElements[i].Certificate)}";
                    throw new FederationException(ErrorCode.Unauthenticated, $"The certificate {which} is rejected: {revoked}.");
                }
            }
        }

        if (claimed[0] != anchorJurisdiction)
        {
            throw new FederationException(ErrorCode.PermissionDenied,
                $"The certificate {Describe(certificate)} claims to speak for {claimed[0]} but was issued under the anchor pinned for {anchorJurisdiction}.");
        }

        return new PeerIdentity(anchorJurisdiction, TrustAnchors.Thumbprint(certificate), new DateTimeOffset(certificate.NotAfter.ToUniversalTime()));
    }

    private static string Printable(string text) => new([.. text.Where(c => !char.IsControl(c)).Take(120)]);

    /// <summary>The subject is the caller's words: shortened and stripped of control characters before it reaches a log.</summary>
    private static string Describe(X509Certificate2 certificate)
    {
        var subject = new string([.. certificate.Subject.Where(c => !char.IsControl(c)).Take(120)]);
        return $"'{subject}' ({TrustAnchors.Thumbprint(certificate)[..16]}…)";
    }
}
