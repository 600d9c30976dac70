using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Federation.Transparency;

/// <summary>
/// A public key that verifies note signatures: a node's ECDSA P-256 (or P-384) key, signature type 0x02 of
/// c2sp.org/signed-note (ECDSA as github.com/transparency-dev/witness does it: ASN.1 DER over SHA-256 of the text;
/// the key id is the first four bytes of SHA-256 of the key's DER SubjectPublicKeyInfo).
/// Written for operators as "NAME+KEYID+BASE64(0x02 || SPKI)", after Go's note verifier keys.
/// </summary>
public sealed class NoteKey
{
    public const byte EcdsaType = 0x02;
    public const byte PrivateUseType = 0xff;

    /// <summary>Names our ECDSA witness cosignature (0xff is the spec's byte for types it has not assigned).</summary>
    public const string CosignatureTypeName = "federation-ecdsa-cosignature/v1";

    private readonly Lock _verifyLock = new();
    private ECDsa? _imported;

    public NoteKey(string name, byte[] subjectPublicKeyInfo)
    {
        if (!SignedNote.IsValidKeyName(name))
        {
            throw new FormatException("A key name is non-empty, without spaces or '+'.");
        }

        Name = name;
        SubjectPublicKeyInfo = subjectPublicKeyInfo;
        // Checked now (a key that does not import is no key), but kept only from its first check on: a key that is
        // only parsed or compared holds no native key.
        Import().Dispose();

        KeyId = BinaryPrimitives.ReadUInt32BigEndian(SHA256.HashData(subjectPublicKeyInfo));
        CosignatureKeyId = BinaryPrimitives.ReadUInt32BigEndian(SHA256.HashData(
            [.. Encoding.UTF8.GetBytes(name), 0x0A, PrivateUseType, .. Encoding.ASCII.GetBytes(CosignatureTypeName), .. subjectPublicKeyInfo]));
    }

    public string Name { get; }

    public byte[] SubjectPublicKeyInfo { get; }

    /// <summary>The key id of its checkpoint signatures (type 0x02).</summary>
    public uint KeyId { get; }

    /// <summary>The key id of its witness cosignatures (type 0xff, <see cref="CosignatureTypeName"/>).</summary>
    public uint CosignatureKeyId { get; }

    public static NoteKey From(string name, ECDsa key) => new(name, key.ExportSubjectPublicKeyInfo());

    public bool Verify(string text, byte[] signature) => VerifyBytes(Encoding.UTF8.GetBytes(text), signature);

    internal bool VerifyBytes(byte[] message, byte[] signature)
    {
        try
        {
            // The key is imported on the first check and kept, not imported per signature (that cost a sender 3 % of its
            // CPU under load, one per receipt batch). One instance is not documented as safe for concurrent use: one
            // check at a time.
            lock (_verifyLock)
            {
                _imported ??= Import();
                return _imported.VerifyData(message, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
            }
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    /// <summary>The operator form: NAME+KEYID(8 hex)+BASE64(0x02 || SPKI).</summary>
    public override string ToString() =>
        $"{Name}+{KeyId:x8}+{Convert.ToBase64String([EcdsaType, .. SubjectPublicKeyInfo])}";

    public static NoteKey Parse(string text)
    {
        // Name and id contain no '+'; base64 may.
        var parts = (text ?? string.Empty).Trim().Split('+', 3);
        if (parts.Length != 3)
        {
            throw new FormatException("A note key is NAME+KEYID+BASE64.");
        }

        byte[] encoded;
        try
        {
            encoded = CanonicalBase64.Decode(parts[2]);
        }
        catch (FormatException)
        {
            throw new FormatException("A note key's last part is base64.");
        }

        if (encoded.Length < 2 || encoded[0] != EcdsaType)
        {
            throw new FormatException("Only ECDSA note keys (type 0x02) are understood here.");
        }

        NoteKey key;
        try
        {
            key = new NoteKey(parts[0], encoded[1..]);
        }
        catch (Exception ex) when (ex is CryptographicException or PlatformNotSupportedException)
        {
            // An unknown curve's OID is "not supported" rather than malformed: both are no key of ours.
            throw new FormatException("A note key's public key is not an ECDSA SubjectPublicKeyInfo.");
        }

        if (!string.Equals(parts[1], key.KeyId.ToString("x8", System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal))
        {
            throw new FormatException("A note key's id does not match its public key.");
        }

        return key;
    }

    private ECDsa Import()
    {
        var key = ECDsa.Create();
        try
        {
            key.ImportSubjectPublicKeyInfo(SubjectPublicKeyInfo, out var read);
            if (read != SubjectPublicKeyInfo.Length)
            {
                throw new CryptographicException("Trailing bytes after the public key.");
            }

            return key;
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }
}
