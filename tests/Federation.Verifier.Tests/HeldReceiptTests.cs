using System.Security.Cryptography;
using System.Text;
using Federation.Testing;
using Federation.Transparency.Bundles;

namespace Federation.Verifier.Tests;

/// <summary>
/// The bundle's <c>receipts</c>: the partner's receipts a sender (FR, an in-memory log) holds for messages it sent,
/// each at FR's leaf of the delivery. Checked by <see cref="BundleVerifier"/> and by the built fedverify: with DE's
/// key the signatures are verified, without it the summary says they were not; any changed byte fails, with its place.
/// </summary>
public sealed class HeldReceiptTests : IDisposable
{
    private readonly MemoryLog _fr = new();
    private readonly MemoryLog _de = new("federation.audit/de");
    private readonly TempDirectory _folder = new();
    private readonly List<(long Leaf, string MessageId, byte[] Digest)> _sent = [];

    public HeldReceiptTests()
    {
        _fr.Append(10);
        for (var i = 0; i < 3; i++)
        {
            var messageId = $"FR-M-01JD{i:D22}";
            var digest = SHA256.HashData(Encoding.UTF8.GetBytes(messageId));
            _sent.Add((_fr.AppendDelivered(messageId, digest), messageId, digest));
            _fr.Append(4);
        }

        _fr.Sign();
    }

    public void Dispose()
    {
        _fr.Dispose();
        _de.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public async Task HeldReceipts_WithThePartnersKey_EachMatchesItsLeafAndVerifies()
    {
        var bundle = await BundleAsync();

        var report = BundleVerifier.Verify(BundleJson.Write(bundle), [_fr.Signer.PublicKey], [_de.Signer.PublicKey]);
        var unverified = BundleVerifier.Verify(BundleJson.Write(bundle), [_fr.Signer.PublicKey]);

        Assert.Equal(_sent.Select(s => s.Leaf), report.HeldReceipts.Select(h => h.Leaf));
        Assert.All(report.HeldReceipts, h => Assert.True(h.SignatureVerified));
        Assert.Equal(_sent.Select(s => s.MessageId), unverified.HeldReceipts.Select(h => h.Receipt.MessageId));
        Assert.All(unverified.HeldReceipts, h => Assert.False(h.SignatureVerified));
    }

    [Fact]
    public async Task HeldReceipt_SignedByAnotherKeyOfThePartnersName_FailsWithThePartnersKey()
    {
        using var forger = new MemoryLog("federation.audit/de");
        var bundle = await BundleAsync();
        var receipts = bundle.Receipts!.ToList();
        var (leaf, messageId, digest) = _sent[1];
        receipts[1] = new BundleHeldReceipt { Leaf = leaf, Note = forger.Receipt(40, messageId, digest) };

        var failure = Fails(bundle with { Receipts = receipts });

        Assert.Equal("held receipt 1 ($.receipts[1].note)", failure.Place);
        Assert.Contains("its signature does not verify with the key of federation.audit/de given", failure.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("other-digest", "held receipt 0 ($.receipts[0])", "does not carry the receipt's message digest")]
    [InlineData("other-message", "held receipt 0 ($.receipts[0])", "the receipt about message FR-M-01JD9999999999999999999999")]
    [InlineData("not-a-delivery", "held receipt 0 ($.receipts[0].leaf)", "is of kind share.decided, not envelope.delivered")]
    [InlineData("no-such-leaf", "held receipt 0 ($.receipts[0].leaf)", "leaf 900 is neither in the range nor among the inclusions")]
    [InlineData("own-log", "held receipt 0 ($.receipts[0].note)", "it is a receipt of this log (federation.audit/fr)")]
    public async Task HeldReceipt_NotAboutItsLeafsMessage_Fails(string change, string place, string problem)
    {
        var bundle = await BundleAsync();
        var receipts = bundle.Receipts!.ToList();
        var (leaf, messageId, digest) = _sent[0];
        receipts[0] = change switch
        {
            // Each is signed by DE's real key: a partner's signature does not make a receipt fit a leaf it is not about.
            "other-digest" => new BundleHeldReceipt { Leaf = leaf, Note = _de.Receipt(40, messageId, SHA256.HashData(digest)) },
            "other-message" => new BundleHeldReceipt { Leaf = leaf, Note = _de.Receipt(40, "FR-M-01JD9999999999999999999999", digest) },
            "not-a-delivery" => receipts[0] with { Leaf = 1 },
            "no-such-leaf" => receipts[0] with { Leaf = 900 },
            _ => new BundleHeldReceipt { Leaf = leaf, Note = _fr.Receipt(leaf, messageId, digest) },
        };
        if (change == "no-such-leaf")
        {
            // Kept in increasing order, so that it is the leaf that fails and not the order.
            receipts = [.. receipts.Skip(1), receipts[0]];
            place = "held receipt 2 ($.receipts[2].leaf)";
        }

        var failure = Fails(bundle with { Receipts = receipts });

        Assert.Equal(place, failure.Place);
        Assert.Contains(problem, failure.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HeldReceipts_OutOfOrderOrEmpty_Fail()
    {
        var bundle = await BundleAsync();

        var swapped = Fails(bundle with { Receipts = [bundle.Receipts![1], bundle.Receipts[0], bundle.Receipts[2]] });
        var twice = Fails(bundle with { Receipts = [bundle.Receipts[0], bundle.Receipts[0]] });
        var empty = Fails(bundle with { Receipts = [] });

        Assert.Equal("held receipt 1 ($.receipts[1].leaf)", swapped.Place);
        Assert.Equal("held receipt 1 ($.receipts[1].leaf)", twice.Place);
        Assert.Equal("$.receipts", empty.Place);
    }

    [Fact]
    public async Task HeldReceipts_AnyOneByteChanged_FailsNamingAPlace()
    {
        var json = BundleJson.Write(await BundleAsync());
        var bytes = Encoding.UTF8.GetBytes(json);
        var start = json.IndexOf("\"receipts\"", StringComparison.Ordinal);
        Assert.True(start > 0, "the bundle has receipts");
        var random = new Random(17);
        const string Replacements = "0123456789abcdefABCDEF{}[]\":,xyz+/=";

        // Only the receipts' bytes: the rest of the bundle is covered by BundleVerifierTests.AnyOneByteChanged_Fails.
        for (var position = Encoding.UTF8.GetByteCount(json[..start]); position < bytes.Length; position++)
        {
            var changed = bytes.ToArray();
            do
            {
                changed[position] = (byte)Replacements[random.Next(Replacements.Length)];
            }
            while (changed[position] == bytes[position]);

            var failed = Record.Exception(() => BundleVerifier.Verify(Encoding.UTF8.GetString(changed), [_fr.Signer.PublicKey], [_de.Signer.PublicKey]));
            Assert.True(failed is BundleException { Place.Length: > 0 }, $"byte {position} ('{(char)bytes[position]}' changed), yet: {failed?.GetType().Name ?? "it verified"}");
        }
    }

    [Fact]
    public async Task Fedverify_SaysWhetherTheHeldReceiptsSignaturesWereChecked()
    {
        var path = Path.Combine(_folder.Path, "fr.json");
        await File.WriteAllTextAsync(path, BundleJson.Write(await BundleAsync()), TestContext.Current.CancellationToken);
        var key = _fr.Signer.PublicKey.ToString();

        var verified = await Fedverify.RunAsync([path, "--key", key, "--partner-key", _de.Signer.PublicKey.ToString()], TestContext.Current.CancellationToken);
        var notChecked = await Fedverify.RunAsync([path, "--key", key], TestContext.Current.CancellationToken);

        Assert.True(verified.ExitCode == 0, verified.ToString());
        Assert.Contains("receipts     3 of federation.audit/de held for messages this log sent", verified.Stdout, StringComparison.Ordinal);
        Assert.Contains("each signature verified with the --partner-key given", verified.Stdout, StringComparison.Ordinal);
        Assert.True(notChecked.ExitCode == 0, notChecked.ToString());
        Assert.Contains("signatures NOT checked: no --partner-key of that log given", notChecked.Stdout, StringComparison.Ordinal);
    }

    /// <summary>FR's bundle of its whole log, with DE's receipt for each message FR sent, at FR's leaf of its delivery.</summary>
    private async Task<AuditBundle> BundleAsync()
    {
        var bundle = await _fr.ExportAsync(0, _fr.Size);
        return bundle with { Receipts = [.. _sent.Select((s, i) => new BundleHeldReceipt { Leaf = s.Leaf, Note = _de.Receipt(100 + i, s.MessageId, s.Digest) })] };
    }

    private BundleException Fails(AuditBundle bundle) =>
        Assert.Throws<BundleException>(() => BundleVerifier.Verify(BundleJson.Write(bundle), [_fr.Signer.PublicKey], [_de.Signer.PublicKey]));
}
