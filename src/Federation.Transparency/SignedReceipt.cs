using System.Globalization;
using System.Text;

namespace Federation.Transparency;

/// <summary>
/// A receipt as it travels and is kept: either a single receipt signed on its own (a C2SP note whose text is the
/// <see cref="LogReceipt"/>), or a receipt of a batch: the receipt's text, its place in the batch and its RFC 9162
/// audit path, a blank line, then the batch head (<see cref="ReceiptBatch"/>) signed as a note:
/// <code>
/// ORIGIN
/// receipt/v1
/// INDEX
/// MESSAGE-ID
/// BASE64(SHA-256 of the message)
/// batch POSITION
/// BASE64(audit path hash 1)
/// …
///
/// ORIGIN
/// receipt-batch/v1
/// SIZE
/// BASE64(root)
///
/// — ORIGIN BASE64(key id ‖ signature)
/// </code>
/// The batch's leaves are the receipt texts, hashed as RFC 9162 leaves (SHA-256(0x00 ‖ UTF-8 text)), in the order of
/// the group commit. The path proves the receipt under the one signature; the other leaves are hashes only, so a
/// sender learns nothing of other partners' messages but the batch's size.
/// </summary>
public sealed class SignedReceipt
{
    private const string BatchLine = "batch ";

    /// <summary>Longest receipt text read: a batch of <see cref="ReceiptBatch.MaxSize"/> has a 16-hash path.</summary>
    public const int MaxLength = 8192;

    // The receipt's own text (LogReceipt.ToText), written or read once: it is hashed, formatted and compared on every
    // check, and a batch of receipts is made and read many to a second.
    private readonly string _receiptText;

    // The formatted receipt: made once, or the canonical text it was parsed from.
    private string? _formatted;

    // Heads parsed last, by their exact text (a power of two: the next slot is a counter's low bits). Both parts are
    // immutable, so every receipt of a batch may share them.
    private static readonly ParsedHead?[] RecentHeads = new ParsedHead?[8];
    private static int _nextHead;

    private SignedReceipt(LogReceipt receipt, string receiptText, SignedNote note, long position, IReadOnlyList<byte[]>? path, ReceiptBatch? batch)
    {
        Receipt = receipt;
        _receiptText = receiptText;
        Note = note;
        Position = position;
        Path = path;
        Batch = batch;
    }

    public LogReceipt Receipt { get; }

    /// <summary>The signed note: the receipt's own, or its batch head's.</summary>
    public SignedNote Note { get; }

    /// <summary>The receipt's place in its batch (0 for a single receipt).</summary>
    public long Position { get; }

    /// <summary>The audit path to the batch root; null for a single receipt.</summary>
    public IReadOnlyList<byte[]>? Path { get; }

    public bool IsBatched => Path is not null;

    /// <summary>The batch head, for a batched receipt.</summary>
    public ReceiptBatch? Batch { get; }

    /// <summary>A single receipt, signed on its own.</summary>
    public static SignedReceipt Single(SignedNote note) => new(LogReceipt.Parse(note.Text), note.Text, note, 0, null, null);

    /// <summary>
    /// Signs the receipts of one group commit with one signature: a batch of one is a single receipt, as a log
    /// without batches would have signed it.
    /// </summary>
    public static IReadOnlyList<SignedReceipt> SignBatch(NoteSigner signer, IReadOnlyList<LogReceipt> receipts)
    {
        ArgumentNullException.ThrowIfNull(signer);
        if (receipts.Count == 0)
        {
            return [];
        }

        if (receipts.Count == 1)
        {
            return [Single(signer.Sign(receipts[0]))];
        }

        if (receipts.Count > ReceiptBatch.MaxSize)
        {
            throw new ArgumentException($"A receipt batch holds at most {ReceiptBatch.MaxSize} receipts.", nameof(receipts));
        }

        var (texts, root, paths) = Tree(receipts);
        var batch = new ReceiptBatch(signer.Name, receipts.Count, root);
        var head = signer.Sign(batch);
        var signed = new SignedReceipt[receipts.Count];
        for (var i = 0; i < receipts.Count; i++)
        {
            signed[i] = new SignedReceipt(receipts[i], texts[i], head, i, paths[i], batch);
        }

        return signed;
    }

    /// <summary>
    /// The one signed note that covers <paramref name="receipts"/>, in their order: a single receipt's own note, or
    /// the signed head of their batch. A sender that knows the receipts (it sent the messages; the receiver told it
    /// their log indices) rebuilds each whole receipt from this note alone (<see cref="UnderHead"/>), so the receiver
    /// need not write, nor the wire carry, one receipt of some hundred characters per message.
    /// </summary>
    public static SignedNote SignHead(NoteSigner signer, IReadOnlyList<LogReceipt> receipts)
    {
        ArgumentNullException.ThrowIfNull(signer);
        ArgumentNullException.ThrowIfNull(receipts);
        if (receipts.Count == 0 || receipts.Count > ReceiptBatch.MaxSize)
        {
            throw new ArgumentException($"A receipt head covers from 1 to {ReceiptBatch.MaxSize} receipts.", nameof(receipts));
        }

        if (receipts.Count == 1)
        {
            return signer.Sign(receipts[0]);
        }

        // Only the root is signed here: the sender computes the paths.
        var leaves = new byte[receipts.Count][];
        for (var i = 0; i < receipts.Count; i++)
        {
            leaves[i] = LeafHash(receipts[i].ToText());
        }

        return signer.Sign(new ReceiptBatch(signer.Name, receipts.Count, MerkleTree.RootWithPaths(leaves, out _)));
    }

    /// <summary>
    /// The receipts <paramref name="receipts"/> are under <paramref name="head"/> (what <see cref="SignHead"/> signed),
    /// each whole, exactly as <see cref="SignBatch"/> would have made it: the same text, path and signed head, so that
    /// an auditor cannot tell them apart. Throws <see cref="FormatException"/> unless the head covers exactly these
    /// receipts in this order (the same log, as many, the same root). The signature is not checked here
    /// (<see cref="SignedBy"/>, on any of them).
    /// </summary>
    public static IReadOnlyList<SignedReceipt> UnderHead(SignedNote head, IReadOnlyList<LogReceipt> receipts)
    {
        ArgumentNullException.ThrowIfNull(head);
        ArgumentNullException.ThrowIfNull(receipts);
        if (receipts.Count == 0)
        {
            throw new FormatException("A receipt head covers at least one receipt.");
        }

        if (receipts.Count == 1)
        {
            // A batch of one is a single receipt: the note's text must be this very receipt's.
            var text = receipts[0].ToText();
            return string.Equals(head.Text, text, StringComparison.Ordinal)
                ? [new SignedReceipt(receipts[0], text, head, 0, null, null)]
                : throw new FormatException("The signed receipt is not the receipt of the message sent at the index given.");
        }

        if (!ReceiptBatch.IsBatchText(head.Text))
        {
            throw new FormatException("The receipts of several messages are under a signed receipt-batch/v1 head.");
        }

        var batch = ReceiptBatch.Parse(head.Text);
        if (batch.Size != receipts.Count)
        {
            throw new FormatException($"The receipt head covers {batch.Size} receipts, not the {receipts.Count} acknowledged with an index.");
        }

        var (texts, root, paths) = Tree(receipts);
        if (!root.AsSpan().SequenceEqual(batch.Root))
        {
            throw new FormatException("The receipt head's root is not that of the receipts of the messages sent, at the indices given.");
        }

        var signed = new SignedReceipt[receipts.Count];
        for (var i = 0; i < receipts.Count; i++)
        {
            if (!string.Equals(receipts[i].Origin, batch.Origin, StringComparison.Ordinal))
            {
                throw new FormatException($"The receipt is of log {receipts[i].Origin}, its batch of {batch.Origin}.");
            }

            signed[i] = new SignedReceipt(receipts[i], texts[i], head, i, paths[i], batch);
        }

        return signed;
    }

    /// <summary>The receipts' texts, and the RFC 9162 root and audit paths of the batch whose leaves they are.</summary>
    private static (string[] Texts, byte[] Root, IReadOnlyList<byte[]>[] Paths) Tree(IReadOnlyList<LogReceipt> receipts)
    {
        var texts = new string[receipts.Count];
        var leaves = new byte[receipts.Count][];
        for (var i = 0; i < receipts.Count; i++)
        {
            texts[i] = receipts[i].ToText();
            leaves[i] = LeafHash(texts[i]);
        }

        var root = MerkleTree.RootWithPaths(leaves, out var paths);
        return (texts, root, paths);
    }

    /// <summary>The hash of a receipt as a leaf of its batch.</summary>
    public static byte[] LeafHash(LogReceipt receipt) => LeafHash(receipt.ToText());

    private static byte[] LeafHash(string receiptText)
    {
        var hash = new byte[MerkleHash.Size];
        LeafHash(receiptText, hash);
        return hash;
    }

    private static void LeafHash(string receiptText, Span<byte> destination)
    {
        // A receipt's text is a couple of hundred bytes: encoded on the stack, as every sender hashes each one it gets.
        if (receiptText.Length > 512)
        {
            MerkleHash.Leaf(Encoding.UTF8.GetBytes(receiptText), destination);
            return;
        }

        Span<byte> utf8 = stackalloc byte[Encoding.UTF8.GetMaxByteCount(receiptText.Length)];
        MerkleHash.Leaf(utf8[..Encoding.UTF8.GetBytes(receiptText, utf8)], destination);
    }

    public string Format() => _formatted ??= Write();

    private string Write()
    {
        if (Path is null)
        {
            return Note.Format();
        }

        // Written once at its exact length: a receiver writes one of these for every message it accepts.
        var note = Note.Format();
        Span<char> number = stackalloc char[20];
        Position.TryFormat(number, out var digits, default, CultureInfo.InvariantCulture);
        var length = _receiptText.Length + BatchLine.Length + digits + 1 + 1 + note.Length;
        foreach (var hash in Path)
        {
            length += Base64Length(hash.Length) + 1;
        }

        return string.Create(length, (this, note, Position), static (span, state) =>
        {
            var (receipt, note, position) = state;
            var at = Put(span, 0, receipt._receiptText);
            at = Put(span, at, BatchLine);
            position.TryFormat(span[at..], out var digits, default, CultureInfo.InvariantCulture);
            at += digits;
            span[at++] = '\n';
            foreach (var hash in receipt.Path!)
            {
                Convert.TryToBase64Chars(hash, span[at..], out var written);
                at += written;
                span[at++] = '\n';
            }

            span[at++] = '\n';
            Put(span, at, note);
        });
    }

    private static int Base64Length(int bytes) => (bytes + 2) / 3 * 4;

    private static int Put(Span<char> span, int at, string text)
    {
        text.CopyTo(span[at..]);
        return at + text.Length;
    }

    /// <summary>Parses either form strictly: the text must be exactly what <see cref="Format"/> writes.</summary>
    public static SignedReceipt Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > MaxLength)
        {
            throw new FormatException($"A receipt is at most {MaxLength} characters.");
        }

        var blank = text.IndexOf("\n\n", StringComparison.Ordinal);
        if (blank < 0)
        {
            throw new FormatException("A receipt is a signed note: its text, a blank line, its signatures.");
        }

        // Lines before the blank line: a single receipt's five (the whole text one signed note), or a batched one's five,
        // its "batch POSITION" and its path. Walked in place: a sender reads one of these for every message it delivers.
        var lines = text.AsSpan(0, blank + 1).Count('\n');
        var receipt = lines == 5 ? Single(SignedNote.Parse(text)) : ParseBatched(text, blank, lines);
        if (!receipt.IsSpelledAs(text))
        {
            throw new FormatException("A receipt is in its canonical form.");
        }

        receipt._formatted = text;
        return receipt;
    }

    private static SignedReceipt ParseBatched(string text, int blank, int lines)
    {
        // At least one path hash: a batch has two receipts or more.
        var fifth = lines >= 7 ? NthLineEnd(text, 5) : -1;
        if (fifth < 0 || !text.AsSpan(fifth + 1).StartsWith(BatchLine, StringComparison.Ordinal))
        {
            throw new FormatException("A receipt of a batch has its five lines, \"batch POSITION\", its audit path, a blank line and the signed batch.");
        }

        // LogReceipt.Parse takes only the text its ToText writes.
        var receiptText = text[..(fifth + 1)];
        var receipt = LogReceipt.Parse(receiptText);
        var batchEnd = text.IndexOf('\n', fifth + 1);
        var positionText = text.AsSpan((fifth + 1 + BatchLine.Length)..batchEnd);
        if (!long.TryParse(positionText, NumberStyles.None, CultureInfo.InvariantCulture, out var position) || (positionText.Length > 1 && positionText[0] == '0'))
        {
            throw new FormatException("A receipt's batch position is a decimal number without leading zeros.");
        }

        var path = new List<byte[]>(lines - 6);
        for (var start = batchEnd + 1; start <= blank;)
        {
            var end = text.IndexOf('\n', start);
            try
            {
                path.Add(CanonicalBase64.Decode(text.AsSpan(start..end)));
            }
            catch (FormatException)
            {
                throw new FormatException("A receipt's audit path is one base64 hash a line.");
            }

            start = end + 1;
        }

        var (note, batch) = Head(text, blank + 2);
        if (batch.Origin != receipt.Origin)
        {
            throw new FormatException($"The receipt is of log {receipt.Origin}, its batch of {batch.Origin}.");
        }

        return new SignedReceipt(receipt, receiptText, note, position, path, batch);
    }

    /// <summary>
    /// The signed batch head that ends <paramref name="text"/> at <paramref name="start"/>, parsed, or taken from the
    /// few parsed last when it is the very same text: a sender gets every receipt of a group commit with the same head,
    /// and parsing it again for each (the note, its signature, the batch's root) was most of reading a receipt.
    /// </summary>
    private static (SignedNote Note, ReceiptBatch Batch) Head(string text, int start)
    {
        var span = text.AsSpan(start);
        for (var i = 0; i < RecentHeads.Length; i++)
        {
            if (Volatile.Read(ref RecentHeads[i]) is { } recent && span.SequenceEqual(recent.Text))
            {
                return (recent.Note, recent.Batch);
            }
        }

        var note = SignedNote.Parse(text[start..]);
        var batch = ReceiptBatch.Parse(note.Text);
        Volatile.Write(ref RecentHeads[Interlocked.Increment(ref _nextHead) & (RecentHeads.Length - 1)], new ParsedHead(note.Format(), note, batch));
        return (note, batch);
    }

    /// <summary>The index of the <paramref name="n"/>th newline of <paramref name="text"/>; -1 when it has fewer.</summary>
    private static int NthLineEnd(string text, int n)
    {
        var at = -1;
        for (var i = 0; i < n; i++)
        {
            at = text.IndexOf('\n', at + 1);
            if (at < 0)
            {
                return -1;
            }
        }

        return at;
    }

    /// <summary>Whether <paramref name="text"/> is exactly what <see cref="Format"/> writes for this receipt, compared in place.</summary>
    private bool IsSpelledAs(string text)
    {
        if (Path is null)
        {
            return string.Equals(Note.Format(), text, StringComparison.Ordinal);
        }

        var rest = text.AsSpan();
        Span<char> number = stackalloc char[20];
        Span<char> hash = stackalloc char[88];
        if (!Take(ref rest, _receiptText) || !Take(ref rest, BatchLine)
            || !Position.TryFormat(number, out var digits, default, CultureInfo.InvariantCulture) || !Take(ref rest, number[..digits]) || !Take(ref rest, "\n"))
        {
            return false;
        }

        foreach (var node in Path)
        {
            if (!Convert.TryToBase64Chars(node, hash, out var written) || !Take(ref rest, hash[..written]) || !Take(ref rest, "\n"))
            {
                return false;
            }
        }

        return Take(ref rest, "\n") && rest.SequenceEqual(Note.Format());
    }

    private static bool Take(ref ReadOnlySpan<char> rest, scoped ReadOnlySpan<char> expected)
    {
        if (!rest.StartsWith(expected, StringComparison.Ordinal))
        {
            return false;
        }

        rest = rest[expected.Length..];
        return true;
    }

    /// <summary>
    /// True when the receipt is under its signed text: for a batched receipt, its audit path leads to the batch's
    /// root. The signature itself is checked by <see cref="SignedBy"/>.
    /// </summary>
    public bool PathHolds()
    {
        if (Path is null || Batch is null)
        {
            return Path is null;
        }

        Span<byte> leaf = stackalloc byte[MerkleHash.Size];
        LeafHash(_receiptText, leaf);
        return MerkleVerifier.VerifyInclusion(Position, Batch.Size, leaf, Path, Batch.Root);
    }

    /// <summary>True when one of <paramref name="keys"/>, named after the receipt's log, signed its note.</summary>
    public bool SignedBy(IReadOnlyList<NoteKey> keys) =>
        Note.Signatures.Any(s => keys.Any(k => k.Name == Receipt.Origin && s.KeyName == k.Name && s.KeyId == k.KeyId && k.Verify(Note.Text, s.Signature)));

    /// <summary>Opens a receipt of either form: its path must hold and one of <paramref name="keys"/> must have signed it.</summary>
    public static SignedReceipt Open(string text, IReadOnlyList<NoteKey> keys)
    {
        var receipt = Parse(text);
        if (!receipt.PathHolds())
        {
            throw new FormatException($"The receipt's audit path does not lead to the root of its batch of {receipt.Receipt.Origin}.");
        }

        return receipt.SignedBy(keys) ? receipt : throw new FormatException($"The receipt carries no valid signature of {receipt.Receipt.Origin}'s key.");
    }

    private sealed record ParsedHead(string Text, SignedNote Note, ReceiptBatch Batch);
}
