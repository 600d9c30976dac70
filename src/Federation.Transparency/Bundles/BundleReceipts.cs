namespace Federation.Transparency.Bundles;

/// <summary>
/// A receipt against a bundle: this log's own (its signature, and the leaf it names carrying its message and
/// digest), or the other side's (this log's own leaf about the same message, by id and digest).
/// </summary>
internal static class BundleReceipts
{
    public static string Check(AuditBundle bundle, IReadOnlyList<NoteKey> keys, IReadOnlyList<NoteKey> partnerKeys, Dictionary<long, LogLeaf> known, BundleReceipt given)
    {
        var place = $"receipt {given.Name}";
        LogReceipt receipt;
        try
        {
            // Either form (single, or of a batch with its audit path); parsing insists on the canonical text. A batched
            // receipt's path needs no key: it must lead to its head's root whichever side's log this is.
            var signed = SignedReceipt.Parse(given.Note);
            if (!signed.PathHolds())
            {
                throw new FormatException("its audit path does not lead to the root of its batch.");
            }

            receipt = signed.Receipt;
        }
        catch (FormatException ex)
        {
            throw new BundleException(place, ex.Message);
        }

        if (receipt.Origin != bundle.Origin)
        {
            // The other side's promise: this log must hold its own record of the same message, by id and digest.
            var match = known.Values.FirstOrDefault(l => l.Subject == receipt.MessageId && l.MessageDigest is { } d && d.AsSpan().SequenceEqual(receipt.MessageDigest))
                ?? throw new BundleException(place, $"this log holds no leaf about message {receipt.MessageId} with the receipt's digest.");
            var signature = BundleHeldReceipts.VerifySignature(given.Note, receipt, partnerKeys, place)
                ? $"its signature verified with the --partner-key of {receipt.Origin}"
                : $"its signature NOT checked: no --partner-key of {receipt.Origin} given";
            return $"{receipt.MessageId}: {receipt.Origin}'s receipt (its index {receipt.Index}; {signature}) matches leaf {match.Index} here ({match.Kind}, {match.At:yyyy-MM-dd'T'HH:mm:ss'Z'})";
        }

        try
        {
            LogReceipt.Open(given.Note, keys);
        }
        catch (FormatException ex)
        {
            throw new BundleException(place, ex.Message);
        }

        if (!known.TryGetValue(receipt.Index, out var leaf))
        {
            throw new BundleException(place, $"leaf {receipt.Index} is not in the bundle: export a range that holds it, or its inclusion proof.");
        }

        if (leaf.Subject != receipt.MessageId)
        {
            throw new BundleException(place, $"leaf {receipt.Index} is about {BundleLeaf.Clip(leaf.Subject ?? "nothing")}, not message {receipt.MessageId}.");
        }

        if (leaf.MessageDigest is not { } digest || !digest.AsSpan().SequenceEqual(receipt.MessageDigest))
        {
            throw new BundleException(place, $"leaf {receipt.Index} does not carry the receipt's message digest.");
        }

        return $"{receipt.MessageId}: logged at leaf {leaf.Index} ({leaf.Kind}, {leaf.At:yyyy-MM-dd'T'HH:mm:ss'Z'}, treaty {leaf.Treaty ?? "none"}), as the receipt promised";
    }
}
