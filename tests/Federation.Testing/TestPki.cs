using System.Security.Cryptography.X509Certificates;
using Federation.Node.Security;

namespace Federation.Testing;

/// <summary>
/// A development PKI made in the test: one CA per jurisdiction and node certificates, written as
/// PEM files to a temp folder (never committed).
/// </summary>
public sealed class TestPki(string folder)
{
    private readonly Dictionary<string, X509Certificate2> _cas = new(StringComparer.Ordinal);

    public string Folder { get; } = folder;

    public X509Certificate2 Ca(string jurisdiction)
    {
        if (!_cas.TryGetValue(jurisdiction, out var ca))
        {
            var now = DateTimeOffset.UtcNow;
            ca = CertificateFactory.CreateCa(jurisdiction, now.AddDays(-365), now.AddYears(2));
            _cas[jurisdiction] = ca;
            Directory.CreateDirectory(Folder);
            CertificateFactory.WritePem(ca, CaPath(jurisdiction), null);
        }

        return ca;
    }

    public string CaPath(string jurisdiction) => System.IO.Path.Combine(Folder, $"{jurisdiction}-ca.crt");

    /// <summary>A node certificate issued by <paramref name="issuerJurisdiction"/>'s CA that claims <paramref name="claimedJurisdiction"/>.</summary>
    public X509Certificate2 Node(string issuerJurisdiction, string? claimedJurisdiction = null, DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null)
    {
        var now = DateTimeOffset.UtcNow;
        return CertificateFactory.CreateNode(Ca(issuerJurisdiction), claimedJurisdiction ?? issuerJurisdiction,
            notBefore ?? now.AddDays(-1), notAfter ?? now.AddYears(1));
    }

    /// <summary>
    /// A certificate revocation list (DER) signed by <paramref name="jurisdiction"/>'s CA, as that CA would issue it: its
    /// thisUpdate follows <paramref name="number"/>, so a higher number is also a later list.
    /// </summary>
    public byte[] Crl(string jurisdiction, int number, DateTimeOffset nextUpdate, DateTimeOffset revokedAt, params X509Certificate2[] revoked)
    {
        var builder = new CertificateRevocationListBuilder();
        foreach (var certificate in revoked)
        {
            builder.AddEntry(certificate, revokedAt, X509RevocationReason.KeyCompromise);
        }

        return builder.Build(Ca(jurisdiction), new System.Numerics.BigInteger(number), nextUpdate, System.Security.Cryptography.HashAlgorithmName.SHA256,
            thisUpdate: DateTimeOffset.UtcNow.AddHours(-24 + number));
    }

    /// <summary>Writes a node certificate and key for a node process; returns their paths.</summary>
    public (string Certificate, string Key) WriteNode(string jurisdiction)
    {
        using var node = Node(jurisdiction);
        var certificate = System.IO.Path.Combine(Folder, $"{jurisdiction}-node.crt");
        var key = System.IO.Path.Combine(Folder, $"{jurisdiction}-node.key");
        CertificateFactory.WritePem(node, certificate, key);
        return (certificate, key);
    }

    /// <summary>Writes a CRL under another name and moves it into place, as a CA operator's tooling replaces a list.</summary>
    public static void PublishCrl(string path, byte[] der, bool pem)
    {
        var temporary = path + ".new";
        if (pem)
        {
            File.WriteAllText(temporary, System.Security.Cryptography.PemEncoding.WriteString("X509 CRL", der));
        }
        else
        {
            File.WriteAllBytes(temporary, der);
        }

        File.Move(temporary, path, overwrite: true);
    }
}
