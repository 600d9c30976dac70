using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Federation.Core;
using Federation.Core.Identity;
using Federation.Core.Transparency;
using Federation.Transparency;

namespace Federation.Node.Transparency;

/// <summary>
/// Partners' log keys (a partner's log signs with its node certificate's key), learned from the server certificate
/// its peer port presented at a TLS handshake, or from the log certificate its peer service gives: each is checked under
/// the partner's pinned anchor and must speak for that partner before its key is used. Kept in memory, and forgotten when the certificate expires or a revocation list changes, so a key
/// is only ever trusted as long as its certificate would be.
/// </summary>
public sealed class PartnerLogKeys(PeerCertificateValidator validator, TimeProvider timeProvider)
{
    /// <summary>A partner rotates rarely: its last few keys are enough to check receipts signed across a rotation.</summary>
    private const int MaxKeys = 4;

    private readonly ConcurrentDictionary<string, List<Learned>> _keys = new(StringComparer.Ordinal);

    /// <summary>Checks a partner's log certificate (DER) and keeps its key under the partner's log name.</summary>
    /// <exception cref="FederationException">The certificate is not trusted for <paramref name="partner"/>.</exception>
    public NoteKey Learn(JurisdictionCode partner, ReadOnlySpan<byte> certificateDer)
    {
        NoteKey key;
        DateTimeOffset notAfter;
        try
        {
            using var certificate = X509CertificateLoader.LoadCertificate(certificateDer);
            var signer = validator.Validate(certificate, timeProvider.GetUtcNow(), role: CertificateRole.Server);
            if (signer.Jurisdiction != partner)
            {
                throw new FederationException(ErrorCode.SignerNotTrusted, $"{partner}'s log certificate speaks for {signer.Jurisdiction}.");
            }

            using var publicKey = certificate.GetECDsaPublicKey() ?? throw new FederationException(ErrorCode.SignerNotTrusted, $"{partner}'s log certificate has no ECDSA key.");
            key = NoteKey.From(AuditLogName.Of(partner), publicKey);
            notAfter = new DateTimeOffset(certificate.NotAfter.ToUniversalTime());
        }
        catch (CryptographicException ex)
        {
            throw new FederationException(ErrorCode.SignerNotTrusted, $"{partner}'s log certificate does not decode: {BoundedText.Of(ex.Message, 200)}");
        }

        Keep(partner, key, notAfter);
        return key;
    }

    /// <summary>Keeps the key of a certificate the caller has just validated for <paramref name="partner"/> (a TLS handshake's).</summary>
    public void Remember(JurisdictionCode partner, X509Certificate2 validated)
    {
        using var publicKey = validated.GetECDsaPublicKey();
        if (publicKey is not null)
        {
            Keep(partner, NoteKey.From(AuditLogName.Of(partner), publicKey), new DateTimeOffset(validated.NotAfter.ToUniversalTime()));
        }
    }

    private void Keep(JurisdictionCode partner, NoteKey key, DateTimeOffset notAfter)
    {
        var learned = new Learned(key, notAfter, validator.RevocationGeneration);
        _keys.AddOrUpdate(partner.Value, _ => [learned], (_, known) => [.. Current(known).Where(k => k.Key.KeyId != key.KeyId).TakeLast(MaxKeys - 1), learned]);
    }

    /// <summary>The partner's log key with this id, if one was learned and its certificate still holds.</summary>
    public NoteKey? Find(JurisdictionCode partner, uint keyId) =>
        _keys.TryGetValue(partner.Value, out var known) ? Current(known).FirstOrDefault(k => k.Key.KeyId == keyId)?.Key : null;

    private IEnumerable<Learned> Current(List<Learned> known)
    {
        var now = timeProvider.GetUtcNow();
        var generation = validator.RevocationGeneration;
        return known.Where(k => k.NotAfter > now && k.Generation == generation);
    }

    private sealed record Learned(NoteKey Key, DateTimeOffset NotAfter, long Generation);
}
