using System.Text;
using Org.BouncyCastle.Bcpg.OpenPgp;

namespace Federation.Node.Tests.Publication;

/// <summary>Checks a detached ASCII-armoured signature against an ASCII-armoured public key, as a reader of the provider would.</summary>
internal static class OpenPgpVerification
{
    public static bool Verifies(string armoredPublicKey, string armoredSignature, byte[] document)
    {
        var keys = new PgpPublicKeyRingBundle(PgpUtilities.GetDecoderStream(new MemoryStream(Encoding.ASCII.GetBytes(armoredPublicKey))));
        var factory = new PgpObjectFactory(PgpUtilities.GetDecoderStream(new MemoryStream(Encoding.ASCII.GetBytes(armoredSignature))));
        var signatures = factory.NextPgpObject() as PgpSignatureList ?? throw new InvalidOperationException("The .asc holds no signature packet.");
        var signature = signatures[0];
        var key = keys.GetPublicKey(signature.KeyId) ?? throw new InvalidOperationException($"No public key {signature.KeyId:X16} in the served key.");
        signature.InitVerify(key);
        signature.Update(document);
        return signature.Verify();
    }

    public static string Fingerprint(string armoredPublicKey)
    {
        var keys = new PgpPublicKeyRingBundle(PgpUtilities.GetDecoderStream(new MemoryStream(Encoding.ASCII.GetBytes(armoredPublicKey))));
        var ring = keys.GetKeyRings().Cast<PgpPublicKeyRing>().Single();
        return Convert.ToHexString(ring.GetPublicKey().GetFingerprint());
    }
}
