using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Federation.Transparency;

namespace Federation.Core.Transparency;

/// <summary>
/// The certificate (DER) whose key verified a partner's signed note, as the witness checked it under the partner's
/// anchor: kept with the partner's checkpoints and a fork's evidence, so that an auditor can verify both notes
/// offline even after the partner's key rotated (a note names its key only by a 4-byte id).
/// </summary>
public sealed record SignerCertificate(uint KeyId, byte[] Der)
{
    /// <summary>A node certificate is well under 2 KB; a partner's longer one is not kept (a fork list page stays bounded).</summary>
    public const int MaxBytes = 4096;

    /// <summary>
    /// The first of <paramref name="candidates"/> whose ECDSA key opens <paramref name="note"/> as a checkpoint of
    /// <paramref name="log"/>, or null: a key id is short, so a certificate is taken as a note's only once its key verifies it.
    /// </summary>
    public static byte[]? Verifying(IEnumerable<byte[]> candidates, string log, string note)
    {
        foreach (var der in candidates)
        {
            try
            {
                using var certificate = X509CertificateLoader.LoadCertificate(der);
                using var key = certificate.GetECDsaPublicKey();
                if (key is not null)
                {
                    CheckpointVerifier.Open(note, NoteKey.From(log, key));
                    return der;
                }
            }
            catch (Exception ex) when (ex is CryptographicException or FormatException)
            {
                // Not this one: the next candidate, if any.
            }
        }

        return null;
    }
}
