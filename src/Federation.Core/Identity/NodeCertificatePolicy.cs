using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Federation.Core.Identity;

/// <summary>
/// What a partner's leaf certificate must be, beyond chaining to the pinned anchor: an end-entity certificate made
/// for the role it plays, with a key strong enough. A pinned CA's certificate for code signing, a sub-CA or a
/// key-agreement-only certificate says nothing about a node, however valid its chain.
/// </summary>
public static class NodeCertificatePolicy
{
    public const string ServerAuth = "1.3.6.1.5.5.7.3.1";
    public const string ClientAuth = "1.3.6.1.5.5.7.3.2";
    public const int MinimumRsaBits = 3072;

    private const string P256 = "1.2.840.10045.3.1.7";
    private const string P384 = "1.3.132.0.34";

    /// <summary>Null when the certificate may play <paramref name="role"/>; otherwise why not, for the refusal.</summary>
    public static string? Problem(X509Certificate2 certificate, CertificateRole role)
    {
        if (certificate.Extensions.OfType<X509BasicConstraintsExtension>().FirstOrDefault() is { CertificateAuthority: true })
        {
            return "it is a CA certificate (basic constraints CA:TRUE); a node presents an end-entity certificate";
        }

        var keyUsage = certificate.Extensions.OfType<X509KeyUsageExtension>().FirstOrDefault();
        if (keyUsage is null || !keyUsage.KeyUsages.HasFlag(X509KeyUsageFlags.DigitalSignature))
        {
            return $"its key usage must include digitalSignature (it has {(keyUsage is null ? "no key usage" : keyUsage.KeyUsages.ToString())})";
        }

        var wanted = role == CertificateRole.Client ? ClientAuth : ServerAuth;
        // Decoded from a copy of the extension's bytes, never from the certificate's own extension object: one
        // connection's certificate is judged by several calls at once (HTTP/2), and .NET decodes an EKU extension lazily
        // into a field the first callers fill together, so a caller could see it half filled (a CI run refused a node
        // certificate as having serverAuth alone).
        var usages = certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>()
            .SelectMany(e => new X509EnhancedKeyUsageExtension(new AsnEncodedData(e.Oid, e.RawData), e.Critical).EnhancedKeyUsages.Cast<Oid>())
            .Select(o => o.Value)
            .ToList();
        if (!usages.Contains(wanted, StringComparer.Ordinal))
        {
            var name = role == CertificateRole.Client ? "clientAuth" : "serverAuth";
            return usages.Count == 0
                ? $"it has no extended key usage; a {role.ToString().ToLowerInvariant()} certificate needs {name}"
                : $"its extended key usage lacks {name} (it has {string.Join(", ", usages.Select(Describe))})";
        }

        return KeyProblem(certificate);
    }

    private static string? KeyProblem(X509Certificate2 certificate)
    {
        using var ecdsa = certificate.GetECDsaPublicKey();
        if (ecdsa is not null)
        {
            var curve = ecdsa.ExportParameters(false).Curve.Oid.Value;
            return curve is P256 or P384 ? null : $"its ECDSA key is on curve {ecdsa.ExportParameters(false).Curve.Oid.FriendlyName ?? curve}; P-256 or P-384 is required";
        }

        using var rsa = certificate.GetRSAPublicKey();
        if (rsa is not null)
        {
            return rsa.KeySize >= MinimumRsaBits ? null : $"its RSA key has {rsa.KeySize} bits; at least {MinimumRsaBits} are required";
        }

        return $"its key algorithm ({certificate.PublicKey.Oid.FriendlyName ?? certificate.PublicKey.Oid.Value}) is not allowed; use ECDSA P-256/P-384 or RSA of at least {MinimumRsaBits} bits";
    }

    private static string Describe(string? oid) => oid switch
    {
        ServerAuth => "serverAuth",
        ClientAuth => "clientAuth",
        "1.3.6.1.5.5.7.3.3" => "codeSigning",
        "1.3.6.1.5.5.7.3.4" => "emailProtection",
        _ => oid ?? "?",
    };
}
