using System.Security.Cryptography;
using Federation.Transparency;

namespace Federation.Core.Tests.Transparency;

/// <summary>Receipts signed once per batch: each one opens on its own, and no byte of any of them can change unnoticed.</summary>
public sealed class SignedReceiptTests
{
    private const string Log = "federation.audit/de";

    private static LogReceipt[] Receipts(int count) =>
        [.. Enumerable.Range(0, count).Select(i => new LogReceipt(Log, 1000 + (i * 3), $"FR-M-{i:D8}", SHA256.HashData(BitConverter.GetBytes(i))))];

    /// <summary>
    /// LogReceipt.Parse checks each line in place instead of writing the receipt again and comparing: that is safe only
    /// if it takes nothing but what ToText writes. Any changed, added or dropped character that still parses must
    /// give a receipt whose ToText is exactly the changed text.
    /// </summary>
    [Fact]
    public void EveryReceiptTextThatParses_IsExactlyItsToText()
    {
        var text = Receipts(1)[0].ToText();
        var variants = new List<string>();
        for (var at = 0; at <= text.Length; at++)
        {
            foreach (var c in new[] { '0', '1', '9', 'A', '/', '+', '=', ' ', '-', '\n', '\r', '\t', '\u00e9', '\u2014' })
            {
                if (at < text.Length)
                {
                    variants.Add(text[..at] + c + text[(at + 1)..]);
                }

                variants.Add(text[..at] + c + text[at..]);
            }

            if (at < text.Length)
            {
                variants.Add(text[..at] + text[(at + 1)..]);
            }
        }

        var parsed = 0;
        foreach (var variant in variants)
        {
            LogReceipt read;
            try
            {
                read = LogReceipt.Parse(variant);
            }
            catch (FormatException)
            {
                continue;
            }

            parsed++;
            Assert.Equal(variant, read.ToText());
        }

        // Changes to the origin, the message id and the index's inner digits still parse: the check ran on many.
        Assert.True(parsed > text.Length, $"only {parsed} of {variants.Count} variants parsed");
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(64)]
    [InlineData(100)]
    public void EveryReceiptOfABatch_OpensOnItsOwn_UnderOneSignature(int count)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var signer = new NoteSigner(Log, key);
        var receipts = Receipts(count);

        var signed = SignedReceipt.SignBatch(signer, receipts);

        Assert.Equal(count, signed.Count);
        Assert.Single(signed.Select(s => s.Note.Format()).Distinct());
        for (var i = 0; i < count; i++)
        {
            var text = signed[i].Format();
            var opened = SignedReceipt.Open(text, [signer.PublicKey]);
            Assert.True(opened.IsBatched);
            Assert.Equal(receipts[i].Index, opened.Receipt.Index);
            Assert.Equal(receipts[i].MessageId, opened.Receipt.MessageId);
            Assert.Equal(receipts[i].MessageDigest, opened.Receipt.MessageDigest);
            Assert.Equal(text, SignedReceipt.Parse(text).Format());
            Assert.Equal(receipts[i].MessageId, LogReceipt.Open(text, [signer.PublicKey]).MessageId);
        }
    }

    [Fact]
    public void ABatchOfOne_IsASingleReceipt_AsBefore()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var signer = new NoteSigner(Log, key);
        var receipt = Receipts(1)[0];

        var signed = Assert.Single(SignedReceipt.SignBatch(signer, [receipt]));

        Assert.False(signed.IsBatched);
        var text = signed.Format();
        Assert.StartsWith(receipt.ToText() + "\n\u2014 " + Log + " ", text, StringComparison.Ordinal);
        Assert.Equal(receipt.MessageId, LogReceipt.Open(text, [signer.PublicKey]).MessageId);
    }

    [Fact]
    public void AnyCharacterOfABatchedReceiptChanged_DoesNotOpen()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var signer = new NoteSigner(Log, key);
        var text = SignedReceipt.SignBatch(signer, Receipts(5))[3].Format();

        for (var at = 0; at < text.Length; at++)
        {
            var changed = text[at] == 'A' ? 'B' : text[at] == '\n' ? 'x' : 'A';
            var tampered = text[..at] + changed + text[(at + 1)..];
            Assert.Throws<FormatException>(() => SignedReceipt.Open(tampered, [signer.PublicKey]));
            // Added or dropped characters too (a second spelling of the same receipt would open): '\n', '0' and '=' make
            // extra lines, leading zeros and padding.
            foreach (var added in new[] { "\n", "0", "=", " " })
            {
                Assert.Throws<FormatException>(() => SignedReceipt.Open(text[..at] + added + text[at..], [signer.PublicKey]));
            }

            Assert.Throws<FormatException>(() => SignedReceipt.Open(text[..at] + text[(at + 1)..], [signer.PublicKey]));
        }

        Assert.Throws<FormatException>(() => SignedReceipt.Open(text + "\n", [signer.PublicKey]));
        Assert.Equal(text, SignedReceipt.Open(text, [signer.PublicKey]).Format());
    }

    [Fact]
    public void AReceiptMovedToAnotherPosition_OrUnderAnotherBatch_OrKey_DoesNotOpen()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var signer = new NoteSigner(Log, key);
        var first = SignedReceipt.SignBatch(signer, Receipts(4));
        var second = SignedReceipt.SignBatch(signer, Receipts(6).Skip(2).ToArray());

        // The path of receipt 1 presented as position 2 (same batch size): the root differs.
        var moved = first[1].Format().Replace("\nbatch 1\n", "\nbatch 2\n", StringComparison.Ordinal);
        Assert.Throws<FormatException>(() => SignedReceipt.Open(moved, [signer.PublicKey]));

        // Receipt 0's statement and path under the other batch's signed head.
        var head = first[0].Format();
        var spliced = head[..(head.IndexOf("\n\n", StringComparison.Ordinal) + 2)] + second[0].Note.Format();
        Assert.Throws<FormatException>(() => SignedReceipt.Open(spliced, [signer.PublicKey]));

        // A batch signed in the log's name by a key that is not the log's.
        var forged = SignedReceipt.SignBatch(new NoteSigner(Log, otherKey), Receipts(3))[0].Format();
        Assert.Throws<FormatException>(() => SignedReceipt.Open(forged, [signer.PublicKey]));
        Assert.True(SignedReceipt.Parse(forged).PathHolds());
    }

    [Fact]
    public void OneSpellingPerPromise_MalformedBatchesAndPaths_AreRefused()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var signer = new NoteSigner(Log, key);
        var receipt = Receipts(1)[0];
        var text = SignedReceipt.SignBatch(signer, Receipts(3))[0].Format();
        var lines = text.Split('\n');

        // A "batch" of one with an empty path, correctly signed: the single receipt is its only spelling.
        Assert.Throws<FormatException>(() => new ReceiptBatch(Log, 1, SignedReceipt.LeafHash(receipt)).ToText());
        var headOfOne = $"{Log}\nreceipt-batch/v1\n1\n{Convert.ToBase64String(SignedReceipt.LeafHash(receipt))}\n";
        var signedOfOne = SignedNote.Parse(headOfOne + "\n" + SignedNote.Parse(signer.Sign(receipt).Format()).Format()[(receipt.ToText().Length + 1)..]);
        Assert.Throws<FormatException>(() => SignedReceipt.Parse(receipt.ToText() + "batch 0\n\n" + signedOfOne.Format()));

        // Sizes out of range or not canonical.
        foreach (var size in new[] { "0", "65537", "07", "-2" })
        {
            Assert.Throws<FormatException>(() => ReceiptBatch.Parse($"{Log}\nreceipt-batch/v1\n{size}\n{lines[6]}\n"));
        }

        // A path line removed, added, swapped, or in non-canonical base64.
        var path = lines[6..8];
        Assert.Throws<FormatException>(() => SignedReceipt.Open(text.Replace(path[0] + "\n", string.Empty, StringComparison.Ordinal), [signer.PublicKey]));
        Assert.Throws<FormatException>(() => SignedReceipt.Open(text.Replace(path[1] + "\n", path[1] + "\n" + path[1] + "\n", StringComparison.Ordinal), [signer.PublicKey]));
        Assert.Throws<FormatException>(() => SignedReceipt.Open(text.Replace(path[0] + "\n" + path[1], path[1] + "\n" + path[0], StringComparison.Ordinal), [signer.PublicKey]));
        var loose = path[0][..^2] + (path[0][^2] == 'A' ? "B=" : "A=");
        Assert.Throws<FormatException>(() => SignedReceipt.Open(text.Replace(path[0], loose, StringComparison.Ordinal), [signer.PublicKey]));
    }

    [Fact]
    public void ABatchHead_IsNeitherACheckpointNorAReceipt()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var signer = new NoteSigner(Log, key);
        var head = SignedReceipt.SignBatch(signer, Receipts(2))[0].Note.Format();

        Assert.Throws<FormatException>(() => CheckpointVerifier.Open(head, signer.PublicKey));
        Assert.Throws<FormatException>(() => SignedReceipt.Open(head, [signer.PublicKey]));
    }

    /// <summary>
    /// A receiver that signs one head for a call (SignHead) and a sender that rebuilds the receipts under it (UnderHead)
    /// give receipts an auditor reads exactly as those signed whole: each opens on its own with the receiver's key, and
    /// is in the one canonical spelling.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(64)]
    [InlineData(100)]
    public void UnderItsHead_EveryReceiptIsRebuiltWhole_AndOpensOnItsOwn(int count)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var signer = new NoteSigner(Log, key);
        var receipts = Receipts(count);

        var head = SignedReceipt.SignHead(signer, receipts).Format();
        var rebuilt = SignedReceipt.UnderHead(SignedNote.Parse(head), receipts);

        Assert.Equal(count, rebuilt.Count);
        Assert.Equal(count > 1, ReceiptBatch.IsBatchText(SignedNote.Parse(head).Text));
        for (var i = 0; i < count; i++)
        {
            var text = rebuilt[i].Format();
            var opened = SignedReceipt.Open(text, [signer.PublicKey]);
            Assert.Equal(count > 1, opened.IsBatched);
            Assert.Equal(receipts[i], opened.Receipt with { MessageDigest = receipts[i].MessageDigest });
            Assert.Equal(receipts[i].MessageDigest, opened.Receipt.MessageDigest);
            Assert.Equal(text, SignedReceipt.Parse(text).Format());
            Assert.EndsWith(head, text, StringComparison.Ordinal);
        }
    }

    /// <summary>A head rebuilds only the very receipts it was signed over, in its order: any other index, digest, id, order or number is refused.</summary>
    [Fact]
    public void UnderAHeadOfOtherReceipts_NothingIsRebuilt()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var signer = new NoteSigner(Log, key);
        var receipts = Receipts(5);
        var head = SignedReceipt.SignHead(signer, receipts);
        var single = signer.Sign(receipts[0]);

        LogReceipt[][] others =
        [
            [.. receipts.Select((r, i) => i == 2 ? r with { Index = r.Index + 1 } : r)],
            [.. receipts.Select((r, i) => i == 4 ? r with { MessageDigest = SHA256.HashData(r.MessageDigest) } : r)],
            [.. receipts.Select((r, i) => i == 0 ? r with { MessageId = "FR-M-99999999" } : r)],
            [.. receipts.Select(r => r with { Origin = "federation.audit/fr" })],
            [receipts[1], receipts[0], .. receipts[2..]],
            receipts[..4],
            [.. receipts, Receipts(6)[5]],
        ];

        Assert.All(others, other => Assert.Throws<FormatException>(() => SignedReceipt.UnderHead(head, other)));
        Assert.Throws<FormatException>(() => SignedReceipt.UnderHead(single, [receipts[0] with { Index = receipts[0].Index + 1 }]));
        Assert.Throws<FormatException>(() => SignedReceipt.UnderHead(single, receipts[..2]));
        Assert.Throws<FormatException>(() => SignedReceipt.UnderHead(head, receipts[..1]));
        Assert.Throws<FormatException>(() => SignedReceipt.UnderHead(head, []));
        Assert.Equal(5, SignedReceipt.UnderHead(head, receipts).Count);
    }

    [Fact]
    public void PackedReceipts_UnpackToTheSame_AndTruncatedOrForeignBytesAreRefused()
    {
        var receipts = Receipts(40);

        var packed = ReceiptLeaves.Pack(receipts);
        var unpacked = ReceiptLeaves.Unpack(Log, packed);

        Assert.Equal(receipts.Select(r => r.ToText()), unpacked.Select(r => r.ToText()));
        Assert.Equal(40 * (8 + 32 + 1 + "FR-M-00000000".Length), packed.Length);
        Assert.Empty(ReceiptLeaves.Unpack(Log, []));
        var each = packed.Length / receipts.Length;
        for (var cut = 1; cut < 2 * each; cut++)
        {
            if (cut == each)
            {
                // A whole receipt fewer: still packed receipts (the head's size and root catch that one).
                continue;
            }

            Assert.Throws<FormatException>(() => ReceiptLeaves.Unpack(Log, packed.AsSpan(0, packed.Length - cut)));
        }

        var foreign = (byte[])packed.Clone();
        foreign[8 + 32 + 1] = 0xC3;
        Assert.Throws<FormatException>(() => ReceiptLeaves.Unpack(Log, foreign));
        var negative = (byte[])packed.Clone();
        negative[0] = 0x80;
        Assert.Throws<FormatException>(() => ReceiptLeaves.Unpack(Log, negative));
        Assert.Throws<ArgumentException>(() => ReceiptLeaves.Pack([receipts[0] with { MessageId = "FR-M-\u00e9" }]));
    }
}
