using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Federation.Transparency;

/// <summary>Signs checkpoints (as their log) and cosigns partners' checkpoints (as a witness) with one ECDSA key.</summary>
public sealed class NoteSigner(string name, ECDsa key)
{
    public NoteKey PublicKey { get; } = NoteKey.From(name, key);

    public string Name => PublicKey.Name;

    public SignedNote Sign(Checkpoint checkpoint)
    {
        if (!string.Equals(checkpoint.Origin, Name, StringComparison.Ordinal))
        {
            throw new ArgumentException("A log signs its own checkpoints: the key name is the origin.", nameof(checkpoint));
        }

        var text = checkpoint.ToText();
        var signature = key.SignData(Encoding.UTF8.GetBytes(text), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        return new SignedNote(text, [new NoteSignature(Name, PublicKey.KeyId, signature)]);
    }

    /// <summary>Signs a receipt as its log: the key name is the receipt's origin.</summary>
    public SignedNote Sign(LogReceipt receipt)
    {
        if (!string.Equals(receipt.Origin, Name, StringComparison.Ordinal))
        {
            throw new ArgumentException("A log signs its own receipts: the key name is the origin.", nameof(receipt));
        }

        return SignText(receipt.ToText());
    }

    /// <summary>Signs the head of a batch of receipts as its log: one signature for every receipt of a group commit.</summary>
    public SignedNote Sign(ReceiptBatch batch)
    {
        if (!string.Equals(batch.Origin, Name, StringComparison.Ordinal))
        {
            throw new ArgumentException("A log signs its own receipt batches: the key name is the origin.", nameof(batch));
        }

        return SignText(batch.ToText());
    }

    private SignedNote SignText(string text)
    {
        var signature = key.SignData(Encoding.UTF8.GetBytes(text), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        return new SignedNote(text, [new NoteSignature(Name, PublicKey.KeyId, signature)]);
    }

    /// <summary>A witness cosignature of a checkpoint the witness has verified, made at <paramref name="time"/>.</summary>
    public NoteSignature Cosign(Checkpoint checkpoint, DateTimeOffset time)
    {
        var seconds = time.ToUnixTimeSeconds();
        var signature = key.SignData(Cosignature.Message(checkpoint, seconds), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        var payload = new byte[8 + signature.Length];
        BinaryPrimitives.WriteInt64BigEndian(payload, seconds);
        signature.CopyTo(payload, 8);
        return new NoteSignature(Name, PublicKey.CosignatureKeyId, payload);
    }
}
