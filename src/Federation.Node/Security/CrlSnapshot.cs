using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;
using Org.BouncyCastle.X509.Extension;
using BcBigInteger = Org.BouncyCastle.Math.BigInteger;

namespace Federation.Node.Security;

/// <summary>
/// One partner CA's certificate revocation list (RFC 5280 §5), read once and checked against the pinned anchor: issued
/// by it and signed by its key. A list nobody can vouch for is refused whole, never half believed.
/// </summary>
public sealed class CrlSnapshot
{
    /// <summary>Far above a national CA's list (a few thousand entries are tens of KiB), far below what hurts to read.</summary>
    public const int MaxBytes = 16 * 1024 * 1024;

    private readonly Dictionary<BcBigInteger, DateTimeOffset> _revoked;

    private readonly string _fileDigest;

    private CrlSnapshot(DateTimeOffset thisUpdate, DateTimeOffset? nextUpdate, BcBigInteger? number, Dictionary<BcBigInteger, DateTimeOffset> revoked, byte[] der, string fileDigest)
    {
        ThisUpdate = thisUpdate;
        NextUpdate = nextUpdate;
        Number = number;
        _revoked = revoked;
        Der = der;
        Digest = DigestOf(der);
        _fileDigest = fileDigest;
    }

    public DateTimeOffset ThisUpdate { get; }

    /// <summary>When the CA promises its next list; null when it names none (then the list never goes stale).</summary>
    public DateTimeOffset? NextUpdate { get; }

    /// <summary>The cRLNumber extension, which only grows from one list of a CA to the next; null when absent.</summary>
    public BcBigInteger? Number { get; }

    public int Count => _revoked.Count;

    /// <summary>
    /// SHA-256 of the list's DER bytes, hex: how a reload tells a changed list from one merely touched. Over the DER, not the
    /// file: the same list as PEM or DER, from a file or fetched from the partner, is the same list.
    /// </summary>
    public string Digest { get; }

    /// <summary>The list as its CA signed it (DER): what is kept when it was fetched.</summary>
    public byte[] Der { get; }

    /// <summary>The digest <see cref="Digest"/> is compared with: of the DER of a list (PEM or DER).</summary>
    public static string DigestOf(byte[] der) => Convert.ToHexString(SHA256.HashData(der));

    /// <summary>When the CA revoked <paramref name="certificate"/>; null when the list does not name it.</summary>
    public DateTimeOffset? RevokedAt(X509Certificate2 certificate) =>
        _revoked.TryGetValue(new BcBigInteger(certificate.SerialNumberBytes.ToArray()), out var at) ? at : null;

    /// <summary>What identifies this list's place in its CA's sequence: kept across restarts to refuse a rollback.</summary>
    public CrlMark Mark => new(Number?.ToString(), ThisUpdate, Digest);

    /// <summary>
    /// Whether this list must not replace the one <paramref name="held"/> marks: an earlier one of the same CA (by cRLNumber,
    /// else by thisUpdate), or one that reuses the held list's number with other content.
    /// </summary>
    public bool IsOlderThan(CrlMark held)
    {
        if (Number is not null && held.Number is not null)
        {
            var order = Number.CompareTo(new BcBigInteger(held.Number));
            // Marks written before the digest was taken over the DER hold the file's digest: the same list, not another one.
            return order < 0 || (order == 0 && Digest != held.Digest && _fileDigest != held.Digest);
        }

        return ThisUpdate < held.ThisUpdate;
    }

    /// <summary>Reads a list (PEM "X509 CRL" or DER) and checks it was issued and signed by <paramref name="anchor"/>.</summary>
    /// <exception cref="InvalidDataException">The bytes are no CRL, or the anchor did not issue or sign it.</exception>
    public static CrlSnapshot Load(byte[] bytes, X509Certificate2 anchor)
    {
        if (bytes.Length > MaxBytes)
        {
            throw new InvalidDataException($"it is {bytes.Length} bytes, more than the {MaxBytes} a revocation list may have here");
        }

        var fileDigest = Convert.ToHexString(SHA256.HashData(bytes));
        byte[] der;
        X509Crl crl;
        try
        {
            der = ToDer(bytes);
            crl = new X509CrlParser().ReadCrl(der) ?? throw new InvalidDataException("it is not a certificate revocation list (PEM or DER)");
        }
        catch (Exception ex) when (ex is not InvalidDataException)
        {
            throw new InvalidDataException($"it is not a certificate revocation list (PEM or DER): {ex.Message}");
        }

        var issuer = new X509CertificateParser().ReadCertificate(anchor.RawData);
        if (!crl.IssuerDN.Equivalent(issuer.SubjectDN))
        {
            throw new InvalidDataException($"it was issued by '{crl.IssuerDN}', not by the pinned anchor '{issuer.SubjectDN}'");
        }

        try
        {
            crl.Verify(issuer.GetPublicKey());
        }
        catch (Exception ex)
        {
            throw new InvalidDataException($"its signature does not verify with the pinned anchor's key ({ex.GetType().Name})");
        }

        try
        {
            // The entries and extensions are parsed lazily: a signed list with a malformed entry is refused whole here.
            var revoked = new Dictionary<BcBigInteger, DateTimeOffset>();
            foreach (var entry in crl.GetRevokedCertificates() ?? new HashSet<X509CrlEntry>())
            {
                revoked[entry.SerialNumber] = new DateTimeOffset(DateTime.SpecifyKind(entry.RevocationDate, DateTimeKind.Utc));
            }

            return new CrlSnapshot(
                new DateTimeOffset(DateTime.SpecifyKind(crl.ThisUpdate, DateTimeKind.Utc)),
                crl.NextUpdate is { } next ? new DateTimeOffset(DateTime.SpecifyKind(next, DateTimeKind.Utc)) : null,
                NumberOf(crl), revoked, der, fileDigest);
        }
        catch (Exception ex)
        {
            throw new InvalidDataException($"its entries or extensions cannot be read ({ex.GetType().Name})");
        }
    }

    private static BcBigInteger? NumberOf(X509Crl crl)
    {
        var value = crl.GetExtensionValue(X509Extensions.CrlNumber);
        return value is null ? null : DerInteger.GetInstance(X509ExtensionUtilities.FromExtensionValue(value)).Value;
    }

    /// <summary>The DER inside a PEM "X509 CRL"; other bytes as they are (DER, or not a list at all).</summary>
    /// <exception cref="FormatException">A PEM block whose base64 is broken.</exception>
    public static byte[] ToDer(byte[] bytes)
    {
        var text = Encoding.ASCII.GetString(bytes);
        if (PemEncoding.TryFind(text, out var fields) && text[fields.Label].Equals("X509 CRL", StringComparison.Ordinal))
        {
            return Convert.FromBase64String(text[fields.Base64Data]);
        }

        return bytes;
    }
}
