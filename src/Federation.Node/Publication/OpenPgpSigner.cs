using System.Text;
using Federation.Core.Publication;
using Org.BouncyCastle.Bcpg;
using Org.BouncyCastle.Bcpg.OpenPgp;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;

namespace Federation.Node.Publication;

/// <summary>
/// The node's OpenPGP signing key and the detached signatures of its CSAF documents (CSAF 2.0 §7.1.19), with
/// BouncyCastle. Keys are OpenPGP v4; a generated one is Ed25519 (EdDSA "legacy", RFC 4880bis, what GnuPG makes by
/// default and what the CSAF tools' OpenPGP libraries verify). An operator's own key (RSA or EdDSA) is loaded as is.
/// </summary>
public sealed class OpenPgpSigner : IAdvisorySigner
{
    private readonly PgpPrivateKey _privateKey;
    private readonly PgpPublicKey _publicKey;
    private readonly TimeProvider _timeProvider;

    private OpenPgpSigner(PgpSecretKey secretKey, PgpPrivateKey privateKey, IEnumerable<PgpPublicKey> publicKeys, TimeProvider timeProvider)
    {
        _privateKey = privateKey;
        _publicKey = secretKey.PublicKey;
        _timeProvider = timeProvider;
        Fingerprint = Convert.ToHexString(_publicKey.GetFingerprint());
        CreatedAt = new DateTimeOffset(DateTime.SpecifyKind(_publicKey.CreationTime, DateTimeKind.Utc));
        PublicKeyArmored = Armor(stream =>
        {
            foreach (var key in publicKeys)
            {
                key.Encode(stream);
            }
        });
    }

    public string Fingerprint { get; }

    public DateTimeOffset CreatedAt { get; }

    /// <summary>The public key (with its user id and self-signature), ASCII-armoured: what the provider serves.</summary>
    public string PublicKeyArmored { get; }

    /// <summary>A new Ed25519 signing key for <paramref name="userId"/>, created now by <paramref name="timeProvider"/>; unprotected.</summary>
    public static (OpenPgpSigner Signer, string SecretKeyArmored) Generate(string userId, TimeProvider timeProvider)
    {
        var random = new SecureRandom();
        var generator = new Ed25519KeyPairGenerator();
        generator.Init(new Ed25519KeyGenerationParameters(random));
        // OpenPGP stores whole seconds: a sub-second creation time would differ from the one read back.
        var created = DateTimeOffset.FromUnixTimeSeconds(timeProvider.GetUtcNow().ToUnixTimeSeconds()).UtcDateTime;
        var pair = new PgpKeyPair(PublicKeyAlgorithmTag.EdDsa_Legacy, generator.GenerateKeyPair(), created);
        var hashed = new PgpSignatureSubpacketGenerator();
        hashed.SetKeyFlags(false, PgpKeyFlags.CanSign | PgpKeyFlags.CanCertify);
        hashed.SetPreferredHashAlgorithms(false, [(int)HashAlgorithmTag.Sha512, (int)HashAlgorithmTag.Sha256]);
        hashed.SetSignatureCreationTime(false, created);
        var ring = new PgpKeyRingGenerator(PgpSignature.PositiveCertification, pair, userId, SymmetricKeyAlgorithmTag.Null, Array.Empty<char>(), true, hashed.Generate(), null, random)
            .GenerateSecretKeyRing();
        var secretArmored = Armor(ring.Encode);
        return (Load(secretArmored, null, timeProvider), secretArmored);
    }

    /// <summary>The first signing-capable secret key of an ASCII-armoured (or binary) secret key ring.</summary>
    public static OpenPgpSigner Load(string secretKeyRing, string? passphrase, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(secretKeyRing);
        using var input = PgpUtilities.GetDecoderStream(new MemoryStream(Encoding.ASCII.GetBytes(secretKeyRing)));
        var bundle = new PgpSecretKeyRingBundle(input);
        foreach (PgpSecretKeyRing ring in bundle.GetKeyRings())
        {
            foreach (PgpSecretKey key in ring.GetSecretKeys())
            {
                if (key.IsSigningKey && !key.IsPrivateKeyEmpty)
                {
                    var privateKey = key.ExtractPrivateKey((passphrase ?? string.Empty).ToCharArray());
                    return new OpenPgpSigner(key, privateKey, ring.GetPublicKeys(), timeProvider);
                }
            }
        }

        throw new PgpException("The key ring holds no secret key that can sign.");
    }

    public string SignDetached(byte[] document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var generator = new PgpSignatureGenerator(_publicKey.Algorithm, HashAlgorithmTag.Sha512);
        generator.InitSign(PgpSignature.BinaryDocument, _privateKey);
        var hashed = new PgpSignatureSubpacketGenerator();
        hashed.SetSignatureCreationTime(false, _timeProvider.GetUtcNow().UtcDateTime);
        hashed.SetIssuerFingerprint(false, _publicKey);
        generator.SetHashedSubpackets(hashed.Generate());
        generator.Update(document);
        return Armor(generator.Generate().Encode);
    }

    private static string Armor(Action<Stream> write)
    {
        using var buffer = new MemoryStream();
        using (var armored = new ArmoredOutputStream(buffer))
        {
            write(armored);
        }

        return Encoding.ASCII.GetString(buffer.ToArray());
    }
}
