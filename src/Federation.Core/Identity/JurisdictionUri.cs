using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;

namespace Federation.Core.Identity;

/// <summary>
/// A node certificate names its jurisdiction in a SAN URI: urn:federation:jurisdiction:FR.
/// </summary>
public static class JurisdictionUri
{
    public const string Prefix = "urn:federation:jurisdiction:";

    public static string For(JurisdictionCode jurisdiction) => Prefix + jurisdiction.Value;

    /// <summary>
    /// The jurisdictions the certificate's SAN URIs claim (normally exactly one), in canonical form only: the exact
    /// lower-case prefix and an upper-case code. Two spellings of one identity would be two strings to compare
    /// everywhere an identity is compared; only one is accepted.
    /// </summary>
    public static IReadOnlyList<JurisdictionCode> Read(X509Certificate2 certificate)
    {
        var result = new List<JurisdictionCode>();
        foreach (var uri in SanUris(certificate))
        {
            if (IsCanonical(uri))
            {
                result.Add(JurisdictionCode.Parse(uri[Prefix.Length..]));
            }
        }

        return result;
    }

    /// <summary>SAN URIs that look like a jurisdiction URI but are not in canonical form (other case, spaces), for the refusal.</summary>
    public static IReadOnlyList<string> NonCanonical(X509Certificate2 certificate) =>
        [.. SanUris(certificate).Where(u => u.Trim().StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) && !IsCanonical(u))];

    private static bool IsCanonical(string uri) =>
        uri.StartsWith(Prefix, StringComparison.Ordinal)
        && JurisdictionCode.TryParse(uri[Prefix.Length..], out var code)
        && string.Equals(code.Value, uri[Prefix.Length..], StringComparison.Ordinal);

    private static List<string> SanUris(X509Certificate2 certificate)
    {
        var result = new List<string>();
        foreach (var extension in certificate.Extensions)
        {
            if (extension.Oid?.Value != "2.5.29.17")
            {
                continue;
            }

            try
            {
                var reader = new AsnReader(extension.RawData, AsnEncodingRules.DER);
                var names = reader.ReadSequence();
                while (names.HasData)
                {
                    var tag = names.PeekTag();
                    // GeneralName uniformResourceIdentifier is [6] IA5String, implicitly tagged.
                    if (tag.TagClass == TagClass.ContextSpecific && tag.TagValue == 6)
                    {
                        result.Add(names.ReadCharacterString(UniversalTagNumber.IA5String, new Asn1Tag(TagClass.ContextSpecific, 6)));
                    }
                    else
                    {
                        names.ReadEncodedValue();
                    }
                }
            }
            catch (AsnContentException)
            {
                // A malformed SAN names nobody; the caller rejects a certificate that names nobody.
            }
        }

        return result;
    }
}
