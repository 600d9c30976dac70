namespace Federation.Transparency.Bundles;

/// <summary>
/// The bundle's <c>receipts</c>: partners' receipts for messages this log sent. Each must name, by <c>leaf</c>, this
/// log's leaf recording the acknowledgement that carried it, about the same message id and digest; with a key of the
/// partner's log, its signature must verify. In increasing leaf order, one per leaf, so that no byte is left unchecked.
/// </summary>
public static class BundleHeldReceipts
{
    /// <summary>The kind of the sender's leaf that records a delivery acknowledged (and the receipt it carried).</summary>
    public const string DeliveredKind = "envelope.delivered";

    /// <summary>Whether <paramref name="receipt"/> is one a sender (the log <paramref name="origin"/>) may hold at this leaf: a partner log's promise about the leaf's message.</summary>
    public static bool Fits(LogLeaf leaf, string origin, LogReceipt receipt) =>
        leaf.Kind == DeliveredKind && receipt.Origin != origin && leaf.Subject == receipt.MessageId
        && leaf.MessageDigest is { } digest && digest.AsSpan().SequenceEqual(receipt.MessageDigest);

    internal static List<HeldReceiptCheck> Check(AuditBundle bundle, Dictionary<long, LogLeaf> known, IReadOnlyList<NoteKey> partnerKeys)
    {
        var checks = new List<HeldReceiptCheck>();
        if (bundle.Receipts is not { } held)
        {
            return checks;
        }

        if (held.Count == 0)
        {
            throw new BundleException("$.receipts", "an empty list: a bundle without receipts has no such field.");
        }

        for (var j = 0; j < held.Count; j++)
        {
            var path = $"$.receipts[{j}]";
            var leafIndex = held[j].Leaf;
            string Place(string field = "") => $"held receipt {j} ({path}{field})";
            if (j > 0 && leafIndex <= held[j - 1].Leaf)
            {
                throw new BundleException(Place(".leaf"), $"it follows a receipt of leaf {held[j - 1].Leaf}: receipts are in increasing leaf order, one per leaf.");
            }

            LogReceipt receipt;
            try
            {
                // Either form (single, or of a batch with its audit path); parsing insists on the canonical text.
                var signed = SignedReceipt.Parse(held[j].Note);
                receipt = signed.Receipt;

                // Checked without any key, so that the origin line cannot change unnoticed when the auditor has none for it.
                if (!signed.Note.Signatures.Any(s => s.KeyName == receipt.Origin))
                {
                    throw new FormatException($"it carries no signature in the name of its log {receipt.Origin}.");
                }

                // Nor can a batched receipt's path: it must lead to its head's root, key or not.
                if (!signed.PathHolds())
                {
                    throw new FormatException("its audit path does not lead to the root of its batch.");
                }
            }
            catch (FormatException ex)
            {
                throw new BundleException(Place(".note"), ex.Message);
            }

            if (receipt.Origin == bundle.Origin)
            {
                throw new BundleException(Place(".note"), $"it is a receipt of this log ({bundle.Origin}): the field holds partners' receipts for messages this log sent.");
            }

            if (!known.TryGetValue(leafIndex, out var leaf))
            {
                throw new BundleException(Place(".leaf"), $"leaf {leafIndex} is neither in the range nor among the inclusions.");
            }

            if (leaf.Kind != DeliveredKind)
            {
                throw new BundleException(Place(".leaf"), $"leaf {leafIndex} is of kind {BundleLeaf.Clip(leaf.Kind)}, not {DeliveredKind} (the acknowledgement that carried the receipt).");
            }

            if (leaf.Subject != receipt.MessageId)
            {
                throw new BundleException(Place(), $"leaf {leafIndex} is about {BundleLeaf.Clip(leaf.Subject ?? "nothing")}, the receipt about message {receipt.MessageId}.");
            }

            if (!Fits(leaf, bundle.Origin, receipt))
            {
                throw new BundleException(Place(), $"leaf {leafIndex} does not carry the receipt's message digest.");
            }

            checks.Add(new HeldReceiptCheck(leafIndex, receipt, VerifySignature(held[j].Note, receipt, partnerKeys, Place(".note"))));
        }

        return checks;
    }

    /// <summary>True when a key of the receipt's log was given and verifies it; false when none was given; throws when one was and it fails.</summary>
    internal static bool VerifySignature(string note, LogReceipt receipt, IReadOnlyList<NoteKey> partnerKeys, string place)
    {
        var keys = partnerKeys.Where(k => k.Name == receipt.Origin).ToList();
        if (keys.Count == 0)
        {
            return false;
        }

        try
        {
            LogReceipt.Open(note, keys);
            return true;
        }
        catch (FormatException)
        {
            throw new BundleException(place, $"its signature does not verify with the key of {receipt.Origin} given ({string.Join(", ", keys.Select(k => k.KeyId.ToString("x8", System.Globalization.CultureInfo.InvariantCulture)))}).");
        }
    }
}
