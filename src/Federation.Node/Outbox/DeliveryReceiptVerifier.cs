using System.Collections.Concurrent;
using Federation.Core;
using Federation.Core.Delivery;
using Federation.Core.Identity;
using Federation.Core.Transparency;
using Federation.Node.Peers;
using Federation.Node.Transparency;
using Federation.Transparency;
using Grpc.Core;

namespace Federation.Node.Outbox;

/// <summary>
/// Checks the receipt an acknowledgement carried before the sender keeps it: a canonical receipt of the receiver's
/// log, for this very message and the digest we sent, signed by the receiver's log key (its node certificate's key,
/// as its checkpoints are). The key is the one the receiver's peer port presented at the TLS handshake; a key not seen
/// there (the receiver rotated since the connection opened) is asked for once through its log certificate, at most
/// every <see cref="RefreshInterval"/>, so a partner cannot make every acknowledgement cost us a call.
/// </summary>
public sealed class DeliveryReceiptVerifier(PartnerLogKeys keys, PeerClient client, TimeProvider timeProvider)
{
    /// <summary>A receipt is a few hundred bytes (a batched one up to a few thousand); a partner's longer text is not read.</summary>
    public const int MaxLength = SignedReceipt.MaxLength;

    public static readonly TimeSpan RefreshInterval = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, SemaphoreSlim> _gates = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _refreshedAt = new(StringComparer.Ordinal);

    // Batch heads whose signature verified (the whole signed note, signature included), so that the other receipts of
    // the same group commit cost a path check only. Bounded: heads are only useful while their batch's acks arrive.
    private readonly RecentSet _verifiedHeads = new(256);

    // Heads being checked now. The acknowledgements of one group commit arrive together, so without this each of them
    // found the head not yet verified and checked its signature too: one ECDSA verification per receipt, not per batch.
    private readonly ConcurrentDictionary<string, Lazy<bool>> _checking = new(StringComparer.Ordinal);

    public async Task<ReceiptCheck> CheckAsync(string? note, JurisdictionCode recipient, string messageId, byte[]? digest, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(note))
        {
            // A receiver without a log gives none: nothing promised, nothing to refuse.
            return ReceiptCheck.None;
        }

        if (note.Length > MaxLength)
        {
            return ReceiptCheck.Refuse($"the receipt is {note.Length} characters long, more than {MaxLength}");
        }

        SignedReceipt signed;
        try
        {
            // Strict: an auditor's verifier takes only the canonical form, so a receipt kept otherwise would fail there later.
            signed = SignedReceipt.Parse(note);
        }
        catch (FormatException ex)
        {
            return ReceiptCheck.Refuse($"not a receipt: {ex.Message}");
        }

        var log = AuditLogName.Of(recipient);
        if (Mismatch(signed.Receipt, log, messageId, digest) is { } mismatch)
        {
            return ReceiptCheck.Refuse(mismatch);
        }

        if (!signed.PathHolds())
        {
            return ReceiptCheck.Refuse("the receipt's audit path does not lead to the root of its batch");
        }

        // The receipts of one group commit share one signed head: its signature is checked once, the others cost their
        // path only, and only while a key that signed it is still the partner's (not expired, not revoked since).
        var (known, failure) = await KeysAsync(signed.Note, recipient, log, cancellationToken);
        if (failure is not null)
        {
            return ReceiptCheck.Refuse(failure);
        }

        var head = signed.IsBatched ? signed.Note.Format() : null;
        if (head is not null && _verifiedHeads.Contains(head))
        {
            return ReceiptCheck.Keep(note);
        }

        if (!(head is null ? signed.SignedBy(known) : HeadSignedBy(signed, head, known)))
        {
            return ReceiptCheck.Refuse($"The receipt carries no valid signature of {signed.Receipt.Origin}'s key.");
        }

        return ReceiptCheck.Keep(note);
    }

    /// <summary>
    /// The receipts of one DeliverBatch call that asked for a head: <paramref name="promised"/> are the receipts the
    /// acknowledgements promised (this node's message ids and the digests it sent, at the indices the receiver gave),
    /// in the call's order; each is rebuilt whole under <paramref name="head"/> and kept, exactly as if it had come
    /// whole. One check for all: a head that does not cover exactly these receipts, or is not signed by the
    /// receiver's log key, refuses every one of them (the messages still count as delivered).
    /// </summary>
    public async Task<IReadOnlyList<ReceiptCheck>> CheckHeadAsync(string head, JurisdictionCode recipient, IReadOnlyList<LogReceipt> promised, CancellationToken cancellationToken)
    {
        if (promised.Count == 0)
        {
            return [];
        }

        if (string.IsNullOrEmpty(head))
        {
            return Every($"{recipient} gave log indices but no receipt head to rebuild the receipts under");
        }

        if (head.Length > MaxLength)
        {
            return Every($"the receipt head is {head.Length} characters long, more than {MaxLength}");
        }

        IReadOnlyList<SignedReceipt> rebuilt;
        SignedNote note;
        try
        {
            note = SignedNote.Parse(head);
            rebuilt = SignedReceipt.UnderHead(note, promised);
            if (!string.Equals(note.Format(), head, StringComparison.Ordinal))
            {
                // As whole receipts are: only the canonical spelling is kept, so an auditor's verifier reads it.
                throw new FormatException("The receipt head is in its canonical form.");
            }
        }
        catch (FormatException ex)
        {
            return Every($"the receipt head does not hold for the messages sent: {ex.Message}");
        }

        var (known, failure) = await KeysAsync(note, recipient, AuditLogName.Of(recipient), cancellationToken);
        if (failure is not null)
        {
            return Every(failure);
        }

        if (!rebuilt[0].SignedBy(known))
        {
            return Every($"The receipt head carries no valid signature of {AuditLogName.Of(recipient)}'s key.");
        }

        try
        {
            // Kept as received, once, with what it covers: each receipt is rebuilt whole when it is read.
            var kept = new DeliveryReceiptHead(AuditLogName.Of(recipient), head, ReceiptLeaves.Pack(promised), timeProvider.GetUtcNow());
            return [.. rebuilt.Select((_, position) => ReceiptCheck.KeepUnder(kept, position))];
        }
        catch (ArgumentException)
        {
            // A message id that does not pack (none of ours): those receipts are kept whole instead.
            return [.. rebuilt.Select(r => ReceiptCheck.Keep(r.Format()))];
        }

        ReceiptCheck[] Every(string reason)
        {
            var refused = ReceiptCheck.Refuse(reason);
            return [.. promised.Select(_ => refused)];
        }
    }

    /// <summary>The keys of <paramref name="log"/> known to have signed <paramref name="note"/> (learned once more when none is), or why there are none.</summary>
    private async Task<(List<NoteKey> Known, string? Failure)> KeysAsync(SignedNote note, JurisdictionCode recipient, string log, CancellationToken cancellationToken)
    {
        var ids = note.Signatures.Where(s => string.Equals(s.KeyName, log, StringComparison.Ordinal)).Select(s => s.KeyId).Distinct().ToList();
        var known = Known(recipient, ids);
        if (known.Count == 0 && ids.Count > 0)
        {
            if (await RefreshAsync(recipient, ids, cancellationToken) is { } failure)
            {
                return (known, failure);
            }

            known = Known(recipient, ids);
        }

        if (known.Count == 0)
        {
            return (known, ids.Count == 0
                ? $"the receipt carries no signature of {log}"
                : $"the receipt is signed by key {ids[0]:x8}, which is not {recipient}'s log key");
        }

        return (known, null);
    }

    /// <summary>Checks a batch head's signature once for all the receipts that arrive with it: the first checks, the others wait for its answer.</summary>
    private bool HeadSignedBy(SignedReceipt signed, string head, List<NoteKey> known)
    {
        var check = _checking.GetOrAdd(head, _ => new Lazy<bool>(() => signed.SignedBy(known), LazyThreadSafetyMode.ExecutionAndPublication));
        try
        {
            if (check.Value)
            {
                // Before the entry goes: a receipt arriving later finds the head verified.
                _verifiedHeads.Add(head);
                return true;
            }

            return false;
        }
        finally
        {
            // Only this check's entry: a bad head is checked again when it comes again, as before.
            _checking.TryRemove(KeyValuePair.Create(head, check));
        }
    }

    private static string? Mismatch(LogReceipt receipt, string log, string messageId, byte[]? digest)
    {
        if (!string.Equals(receipt.Origin, log, StringComparison.Ordinal))
        {
            return $"the receipt is of log {receipt.Origin}, not {log}";
        }

        if (!string.Equals(receipt.MessageId, messageId, StringComparison.Ordinal))
        {
            return $"the receipt is for message {receipt.MessageId}, not {messageId}";
        }

        // Its digest must be of what we sent: a receipt for other bytes promises nothing about this message.
        return digest is not null && receipt.MessageDigest.AsSpan().SequenceEqual(digest) ? null : "the receipt's digest is not that of the message sent";
    }

    private List<NoteKey> Known(JurisdictionCode recipient, List<uint> ids) =>
        [.. ids.Select(id => keys.Find(recipient, id)).OfType<NoteKey>()];

    /// <summary>Learns the receiver's current log key from its log certificate; the reason it could not, or null.</summary>
    private async Task<string?> RefreshAsync(JurisdictionCode recipient, List<uint> ids, CancellationToken cancellationToken)
    {
        var gate = _gates.GetOrAdd(recipient.Value, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            // Another acknowledgement may have learned it while this one waited.
            if (Known(recipient, ids).Count > 0
                || (_refreshedAt.TryGetValue(recipient.Value, out var at) && timeProvider.GetUtcNow() - at < RefreshInterval))
            {
                return null;
            }

            _refreshedAt[recipient.Value] = timeProvider.GetUtcNow();
            var response = await client.GetCheckpointAsync(recipient, cancellationToken);
            keys.Learn(recipient, response.LogCertificate.Span);
            return null;
        }
        catch (RpcException ex) when (ex.StatusCode != StatusCode.Cancelled || !cancellationToken.IsCancellationRequested)
        {
            return $"{recipient}'s log key could not be fetched: {ex.StatusCode}: {ex.Status.Detail}";
        }
        catch (Exception ex) when (ex is FederationException or HttpRequestException or IOException)
        {
            return $"{recipient}'s log key could not be learned: {ex.Message}";
        }
        finally
        {
            gate.Release();
        }
    }
}
