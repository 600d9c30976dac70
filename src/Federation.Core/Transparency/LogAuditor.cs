using System.Security.Cryptography;
using Federation.Core.Audit;
using Federation.Core.Identity;
using Federation.Transparency;
using Federation.Transparency.Bundles;

namespace Federation.Core.Transparency;

/// <summary>
/// What operators and auditors ask of the node's own log: its latest checkpoint, a check of the whole log against
/// every checkpoint, the proofs about one message, and export bundles.
/// </summary>
public sealed class LogAuditor(
    ITransparencyLog log, ICheckpointStore checkpoints, ILogKeys keys, LocalNode node, IAuditLog audit, Delivery.IOutbox outbox, TimeProvider timeProvider)
{
    /// <summary>A bundle is built in memory, here and in a verifier: one holds at most this many leaves (about 100 MB of JSON).</summary>
    public const int MaxExportLeaves = 200_000;

    private const int Page = 5_000;

    private string Origin => AuditLogName.Of(node.Jurisdiction);

    public async Task<StoredCheckpoint> LatestAsync(CancellationToken cancellationToken) =>
        await checkpoints.LatestAsync(node.Jurisdiction.Value, cancellationToken)
        ?? throw new FederationException(ErrorCode.FailedPrecondition, "The log has no signed checkpoint yet: the node signs one at start and then every Federation:Transparency:CheckpointInterval.");

    /// <summary>
    /// Recomputes every leaf hash and the tree from the store's leaves, and compares it with every checkpoint the
    /// node signed (their signatures checked) and with the store's own head. A mismatch is narrowed down to the
    /// first leaf that is not what was committed, by consistency proofs from the store's tree.
    /// </summary>
    public async Task<LogVerification> VerifyAsync(CancellationToken cancellationToken)
    {
        var signed = (await checkpoints.ListAsync(node.Jurisdiction.Value, DateTimeOffset.MinValue, DateTimeOffset.MaxValue, cancellationToken))
            .OrderBy(c => c.Size).ThenBy(c => c.At).ToList();
        var head = await log.HeadAsync(cancellationToken);
        for (var i = 0; i < signed.Count; i++)
        {
            if (SignatureProblem(signed[i]) is { } problem)
            {
                return new LogVerification(0, i, $"checkpoint {i} (size {signed[i].Size}, signed {signed[i].At:yyyy-MM-dd'T'HH:mm:ss'Z'}): {problem}", null);
            }

            if (signed[i].Size > head.Size)
            {
                return new LogVerification(0, i, $"checkpoint {i} (size {signed[i].Size}) covers more leaves than the log holds ({head.Size}): leaves were removed", null);
            }
        }

        var targets = signed.Select((c, i) => (c.Size, Root: c.RootHash, Name: $"checkpoint {i} (size {c.Size}, signed {c.At:yyyy-MM-dd'T'HH:mm:ss'Z'})"))
            .Append((head.Size, Root: head.RootHash, Name: $"the store's tree head (size {head.Size})")).ToList();
        var frontier = MerkleFrontier.Empty;
        var start = frontier.ToBytes();
        var pending = new List<byte[]>();
        var next = 0;
        var compared = 0;
        while (next < targets.Count)
        {
            // Every target whose size the recomputed tree has reached is compared now.
            while (next < targets.Count && targets[next].Size == frontier.Size)
            {
                var target = targets[next];
                if (!CryptographicOperations.FixedTimeEquals(frontier.Root(), target.Root))
                {
                    var bad = await FirstBadLeafAsync(start, pending, target.Size, target.Root, cancellationToken);
                    return new LogVerification(frontier.Size, compared,
                        $"leaf {bad}: its fields do not hash to what {target.Name} committed to (the tree recomputed from the leaves has another root)", bad);
                }

                compared += next < signed.Count ? 1 : 0;
                start = frontier.ToBytes();
                pending.Clear();
                next++;
            }

            if (next == targets.Count)
            {
                break;
            }

            var page = await log.LeavesAsync(frontier.Size, (int)Math.Min(Page, targets[next].Size - frontier.Size), cancellationToken);
            if (page.Count == 0)
            {
                return new LogVerification(frontier.Size, compared, $"leaf {frontier.Size}: the store has no such leaf, yet its tree has {head.Size}", frontier.Size);
            }

            foreach (var leaf in page)
            {
                if (leaf.Index != frontier.Size)
                {
                    return new LogVerification(frontier.Size, compared, $"leaf {frontier.Size}: the store gave leaf {leaf.Index} in its place", frontier.Size);
                }

                var hash = leaf.Hash();
                pending.Add(hash);
                frontier.Append(hash);
            }
        }

        return new LogVerification(head.Size, compared, null, null);
    }

    public async Task<MessageProof> ProveAsync(string messageId, CancellationToken cancellationToken)
    {
        if (!MessageId.TryNormalize(messageId, out var id))
        {
            throw new FederationException(ErrorCode.InvalidArgument, $"'{BoundedText.Of(messageId, 64)}' is not a message id (e.g. DE-M-01JD3…).", "message_id");
        }

        var indices = await log.FindMessageAsync(id, cancellationToken);
        if (indices.Count == 0)
        {
            throw new FederationException(ErrorCode.NotFound, $"No leaf of this node's log concerns message {id}.", "message_id");
        }

        var latest = await LatestAsync(cancellationToken);
        var leaves = new List<ProvedLeaf>();
        foreach (var index in indices)
        {
            var leaf = (await log.LeavesAsync(index, 1, cancellationToken)).Single();
            leaves.Add(new ProvedLeaf(leaf, index < latest.Size ? await log.InclusionProofAsync(index, latest.Size, cancellationToken) : null));
        }

        return new MessageProof(id, latest, leaves);
    }

    /// <param name="from">The first leaf.</param>
    /// <param name="to">One past the last; null: the latest checkpoint's size.</param>
    /// <param name="messageIds">Messages whose leaves the bundle proves, wherever they are.</param>
    /// <param name="actor">Who asked, for the audit entry.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    public async Task<AuditBundle> ExportAsync(long from, long? to, IReadOnlyList<string> messageIds, string actor, CancellationToken cancellationToken)
    {
        var latest = await LatestAsync(cancellationToken);
        var end = to ?? latest.Size;
        if (from < 0 || end <= from)
        {
            throw new FederationException(ErrorCode.InvalidArgument, $"The range [{from}, {end}) holds no leaf: from is at least 0 and below to.", to is null ? "from" : "to");
        }

        if (end > latest.Size)
        {
            throw new FederationException(ErrorCode.FailedPrecondition,
                $"Leaves from {latest.Size} on are covered by no checkpoint yet (the latest is of size {latest.Size}); the next is signed within Federation:Transparency:CheckpointInterval.", "to");
        }

        if (end - from > MaxExportLeaves)
        {
            throw new FederationException(ErrorCode.InvalidArgument, $"A bundle holds at most {MaxExportLeaves} leaves; [{from}, {end}) has {end - from}: export it in parts.", "to");
        }

        var prove = new List<long>();
        foreach (var messageId in messageIds)
        {
            var proof = await ProveAsync(messageId, cancellationToken);
            var uncovered = proof.Leaves.FirstOrDefault(l => l.Proof is null);
            if (uncovered is not null)
            {
                throw new FederationException(ErrorCode.FailedPrecondition, $"Leaf {uncovered.Leaf.Index} of message {proof.MessageId} is covered by no checkpoint yet.", "message_id");
            }

            prove.AddRange(proof.Leaves.Select(l => l.Leaf.Index));
        }

        // Only the checkpoints the bundle can hold are read (BundleBuilder chooses among them), not a year of them.
        var notes = (await checkpoints.ForExportAsync(node.Jurisdiction.Value, from, end, cancellationToken)).Select(c => c.Note);
        var bundle = await BundleBuilder.BuildAsync(new TransparencyLogSource(log), Origin, keys.All, notes, from, end, prove, cancellationToken);
        var held = await HeldReceiptsAsync(bundle, cancellationToken);
        bundle = bundle with { Receipts = held.Count == 0 ? null : held };
        await audit.AppendNowAsync(AuditEntry.Create(timeProvider, AuditKinds.AuditExported, actor, Origin, "exported",
            $"leaves [{from}, {end}), {bundle.Checkpoints.Count} checkpoints, {prove.Count} leaves proved, {held.Count} partners' receipts"), cancellationToken);
        return bundle;
    }

    /// <summary>
    /// The partners' receipts the outbox kept for the messages whose delivery a leaf of the bundle records, each at
    /// that leaf. A kept receipt was checked on arrival (the partner's log, this message, its digest); one that does not
    /// fit its leaf all the same (a message re-sealed after the leaf, say) is left out rather than exported to fail.
    /// </summary>
    private async Task<List<BundleHeldReceipt>> HeldReceiptsAsync(AuditBundle bundle, CancellationToken cancellationToken)
    {
        var delivered = bundle.Leaves.Concat(bundle.Inclusions.Select(i => i.Leaf))
            .Where(l => l.Kind == AuditKinds.EnvelopeSent && l.Subject is not null && l.MessageDigest is not null)
            .OrderBy(l => l.Index).ToList();
        if (delivered.Count == 0)
        {
            return [];
        }

        var notes = await outbox.ReceiptsAsync([.. delivered.Select(l => l.Subject!)], cancellationToken);
        var held = new List<BundleHeldReceipt>();
        var placed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var leaf in delivered)
        {
            if (!notes.TryGetValue(leaf.Subject!, out var note) || placed.Contains(leaf.Subject!))
            {
                continue;
            }

            LogReceipt receipt;
            try
            {
                // Either form: signed alone, or under its batch's head (most are, since receipts are signed per call or commit).
                receipt = SignedReceipt.Parse(note).Receipt;
            }
            catch (FormatException)
            {
                continue;
            }

            if (BundleHeldReceipts.Fits(leaf.ToLogLeaf("$"), Origin, receipt))
            {
                placed.Add(leaf.Subject!);
                held.Add(new BundleHeldReceipt { Leaf = leaf.Index, Note = note });
            }
        }

        return held;
    }

    private string? SignatureProblem(StoredCheckpoint stored)
    {
        try
        {
            var note = SignedNote.Parse(stored.Note);
            var checkpoint = Checkpoint.Parse(note.Text);
            if (checkpoint.Size != stored.Size || !CryptographicOperations.FixedTimeEquals(checkpoint.RootHash, stored.RootHash))
            {
                return "its stored size or root is not what its note signed";
            }

            var ours = note.Signatures.Where(s => s.KeyName == Origin).ToList();
            return ours.Count > 0 && ours.All(s => keys.All.Any(k => k.KeyId == s.KeyId && k.Verify(note.Text, s.Signature)))
                ? null
                : "its signature does not verify with the log's keys";
        }
        catch (FormatException ex)
        {
            return $"its note is malformed ({ex.Message})";
        }
    }

    /// <summary>
    /// The first leaf of [start, size) that is not what the target committed to: leaves [0, m) are intact exactly when
    /// the recomputed root of size m is consistent with the target's root (by the store's proof), so the first m
    /// where that fails, less one, is the leaf to blame.
    /// </summary>
    private async Task<long> FirstBadLeafAsync(byte[] start, List<byte[]> hashes, long size, byte[] root, CancellationToken cancellationToken)
    {
        var first = MerkleFrontier.FromBytes(start).Size;
        var (good, bad) = (first, size);
        while (bad - good > 1)
        {
            var middle = good + ((bad - good) / 2);
            var frontier = MerkleFrontier.FromBytes(start);
            for (var i = first; i < middle; i++)
            {
                frontier.Append(hashes[(int)(i - first)]);
            }

            var proof = await log.ConsistencyProofAsync(middle, size, cancellationToken);
            (good, bad) = MerkleVerifier.VerifyConsistency(middle, size, proof, frontier.Root(), root) ? (middle, bad) : (good, middle);
        }

        return good;
    }
}
