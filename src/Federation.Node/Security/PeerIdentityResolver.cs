using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;
using Federation.Core;
using Federation.Core.Identity;

namespace Federation.Node.Security;

/// <summary>
/// Validates peer certificates against the pinned anchors, caching the verdict per certificate so
/// that a chain is built once per certificate, not once per call.
/// </summary>
public sealed class PeerIdentityResolver(PeerCertificateValidator validator, TimeProvider timeProvider)
{
    private const int MaxEntries = 10_000;
    private static readonly TimeSpan SuccessTtl = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan FailureTtl = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, Verdict> _cache = new(StringComparer.Ordinal);

    /// <summary>Returns who the certificate speaks for, or throws with the reason it is refused.</summary>
    /// <param name="certificate">The peer's certificate; null when none was presented.</param>
    /// <param name="isNewVerdict">True when this call computed the verdict (so the caller audits it once).</param>
    /// <param name="acceptStaleRevocationList">For the call that fetches this node's list only (see <see cref="IRevocationCheck.Problem"/>).</param>
    public PeerIdentity Resolve(X509Certificate2? certificate, out bool isNewVerdict, bool acceptStaleRevocationList = false)
    {
        isNewVerdict = false;
        var now = timeProvider.GetUtcNow();
        if (certificate is null)
        {
            isNewVerdict = true;
            return validator.Validate(null, now);
        }

        // The lenient verdict is another verdict: kept apart, so it never answers for an ordinary call.
        var key = acceptStaleRevocationList ? "stale-ok:" + TrustAnchors.Thumbprint(certificate) : TrustAnchors.Thumbprint(certificate);
        // A verdict reached under an older revocation list is judged again: a revocation takes effect at the next call,
        // on connections already open too, not when the cached verdict would have expired.
        var generation = validator.RevocationGeneration;
        if (_cache.TryGetValue(key, out var cached) && cached.Until > now && cached.Generation == generation)
        {
            return cached.Identity ?? throw cached.Error!;
        }

        isNewVerdict = true;
        if (_cache.Count > MaxEntries)
        {
            _cache.Clear();
        }

        try
        {
            var identity = validator.Validate(certificate, now, acceptStaleRevocationList: acceptStaleRevocationList);
            var until = now + SuccessTtl < identity.NotAfter ? now + SuccessTtl : identity.NotAfter;
            _cache[key] = new Verdict(identity, null, until, generation);
            return identity;
        }
        catch (FederationException ex)
        {
            _cache[key] = new Verdict(null, ex, now + FailureTtl, generation);
            throw;
        }
    }

    private sealed record Verdict(PeerIdentity? Identity, FederationException? Error, DateTimeOffset Until, long Generation);
}
