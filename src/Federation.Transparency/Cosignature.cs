using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Federation.Transparency;

/// <summary>
/// A witness cosignature after c2sp.org/tlog-cosignature, with ECDSA in place of Ed25519: the witness signs
/// "cosignature/v1\ntime SECONDS\n" followed by the checkpoint's first three lines, and its signature line carries
/// the 8-byte big-endian time before the DER signature. It says: this witness saw this tree head, consistent with
/// every earlier one it saw from the same log, at this time.
/// </summary>
public static class Cosignature
{
    public static byte[] Message(Checkpoint checkpoint, long unixSeconds) =>
        Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"cosignature/v1\ntime {unixSeconds}\n") + checkpoint.ToCoreText());

    /// <summary>The time the witness cosigned at, or null when the signature is not a valid cosignature by <paramref name="witness"/>.</summary>
    public static DateTimeOffset? Verify(Checkpoint checkpoint, NoteSignature signature, NoteKey witness)
    {
        if (!string.Equals(signature.KeyName, witness.Name, StringComparison.Ordinal) || signature.KeyId != witness.CosignatureKeyId || signature.Signature.Length < 9)
        {
            return null;
        }

        var seconds = BinaryPrimitives.ReadInt64BigEndian(signature.Signature);
        if (seconds < 0 || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            return null;
        }

        return witness.VerifyBytes(Message(checkpoint, seconds), signature.Signature[8..])
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;
    }
}
