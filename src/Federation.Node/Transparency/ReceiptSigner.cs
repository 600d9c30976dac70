using Federation.Core.Inbox;
using Federation.Core.Transparency;
using Federation.Transparency;

namespace Federation.Node.Transparency;

/// <summary>
/// Signs the receipt an acknowledgement carries: this node's promise, with its log key, that its log holds the
/// message at the index its audit entry took when the batch committed. The sender keeps it; with an inclusion proof
/// from any later checkpoint, an auditor can hold this node to it.
/// </summary>
public sealed class ReceiptSigner(ILogKeys keys)
{
    /// <summary>The signed receipt, or empty when the entry is not in the log (nothing to promise).</summary>
    public string For(ReceiveResult result)
    {
        if (result.Record is not { LeafHash: not null, MessageDigest: { } digest, Sequence: > 0 } record)
        {
            return string.Empty;
        }

        var signer = keys.Current;
        return signer.Sign(new LogReceipt(signer.Name, record.LeafIndex, result.MessageId, digest)).Format();
    }
}
