using Federation.Core.Inbox;
using Federation.Core.Transparency;
using Federation.Transparency;

namespace Federation.Node.Transparency;

/// <summary>
/// Signs the receipt an acknowledgement carries: this node's promise, with its log key, that its log holds the
/// message at the index its audit entry took when the batch committed. The sender keeps it; with an inclusion proof
/// from any later checkpoint, an auditor can hold this node to it.
/// </summary>
/// <param name="keys">The log's keys.</param>
/// <param name="logOff">Registered on a load tool's baseline node only: no receipts (its log writes no tree to prove them).</param>
public sealed class ReceiptSigner(ILogKeys keys, Federation.Storage.Transparency.MerkleLogOffForBaseline? logOff = null)
{
    /// <summary>
    /// The receipts of one group commit, in its order, under one signature (<see cref="SignedReceipt.SignBatch"/>):
    /// ECDSA costs as much as the rest of an acceptance, so one per message would bound the inbox by the signer.
    /// An entry not in the log gets an empty receipt (nothing to promise), as does one whose receipt cannot be written.
    /// </summary>
    public IReadOnlyList<string> ForBatch(IReadOnlyList<ReceiveResult> results)
    {
        var receipts = new string[results.Count];
        Array.Fill(receipts, string.Empty);
        if (logOff is not null)
        {
            return receipts;
        }

        var signer = keys.Current;
        var (at, promised) = Promised(signer.Name, results);
        var signed = SignedReceipt.SignBatch(signer, promised);
        for (var i = 0; i < signed.Count; i++)
        {
            receipts[at[i]] = signed[i].Format();
        }

        return receipts;
    }

    /// <summary>
    /// The receipts of one DeliverBatch call whose caller asked for a head: one signed note over them
    /// (<see cref="SignedReceipt.SignHead"/>) and, by result, the log index its acknowledgement carries (null for one
    /// not in the log, refused, or whose receipt cannot be written). The caller rebuilds each receipt from the message
    /// it sent and that index; none is written here. An empty head when there is nothing to promise.
    /// </summary>
    public (string Head, long?[] Indices) ForCall(IReadOnlyList<ReceiveResult?> results)
    {
        var indices = new long?[results.Count];
        if (logOff is not null)
        {
            return (string.Empty, indices);
        }

        var signer = keys.Current;
        var (at, promised) = Promised(signer.Name, results);
        if (promised.Count == 0)
        {
            return (string.Empty, indices);
        }

        var head = SignedReceipt.SignHead(signer, promised).Format();
        for (var i = 0; i < at.Count; i++)
        {
            indices[at[i]] = promised[i].Index;
        }

        return (head, indices);
    }

    /// <summary>The receipts this log can promise for <paramref name="results"/>, with the place of each among them.</summary>
    private static (List<int> At, List<LogReceipt> Promised) Promised(string log, IReadOnlyList<ReceiveResult?> results)
    {
        var at = new List<int>(results.Count);
        var promised = new List<LogReceipt>(results.Count);
        for (var i = 0; i < results.Count; i++)
        {
            if (results[i] is { Record: { LeafHash: not null, MessageDigest: { } digest, Sequence: > 0 } record } result)
            {
                var receipt = new LogReceipt(log, record.LeafIndex, result.MessageId, digest);

                // One that cannot be written is left out, not the whole batch with it.
                if (receipt.IsWritable)
                {
                    at.Add(i);
                    promised.Add(receipt);
                }
            }
        }

        return (at, promised);
    }
}
