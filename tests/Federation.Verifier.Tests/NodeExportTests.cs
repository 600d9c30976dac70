using Federation.Contracts.V1;
using Federation.Core.Transparency;
using Federation.Testing;
using Federation.Transparency;
using Microsoft.Extensions.DependencyInjection;
using Grpc.Core;

namespace Federation.Verifier.Tests;

/// <summary>
/// A bundle exported by a real node (FR, after sharing a case with DE) checked by the built fedverify: it holds with
/// the key the node publishes; one byte changed, it fails and names the place; no raw field of the case is in it; the
/// receipt DE gave checks against both logs, and FR's export holds it.
/// </summary>
public sealed class NodeExportTests(NodeExportTests.SharedFederation shared) : IClassFixture<NodeExportTests.SharedFederation>
{
    [Fact]
    public async Task Export_FromARealNode_VerifiesWithTheNodesKey()
    {
        var result = await Fedverify.RunAsync([shared.BundlePath, "--key", shared.Key], TestContext.Current.CancellationToken);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("the bundle holds", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("federation.audit/fr", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_OneByteOfALeafChanged_FailsNamingTheLeaf()
    {
        // One letter of the delivery leaf's kind: "envelope.delivered" becomes "envelope.Delivered".
        var json = await File.ReadAllTextAsync(shared.BundlePath, TestContext.Current.CancellationToken);
        const string Kind = "\"kind\": \"envelope.delivered\"";
        var at = json.IndexOf(Kind, StringComparison.Ordinal) + Kind.IndexOf("delivered", StringComparison.Ordinal);
        Assert.True(at > Kind.Length, "the bundle holds the delivery's leaf");
        var changed = json[..at] + "D" + json[(at + 1)..];
        var path = Path.Combine(shared.Folder.Path, "changed.json");
        await File.WriteAllTextAsync(path, changed, TestContext.Current.CancellationToken);

        var result = await Fedverify.RunAsync([path, "--key", shared.Key], TestContext.Current.CancellationToken);

        Assert.Equal(1, result.ExitCode);
        Assert.Matches(@"First failure: leaf \d+ \(\$\.leaves\[\d+\]\): its hash does not match", result.Stdout);
    }

    [Fact]
    public async Task Exports_OfBothSides_HoldNoRawFieldOfTheCase()
    {
        foreach (var path in new[] { shared.BundlePath, shared.ReceiverBundlePath })
        {
            var json = await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken);

            // The crossing is in both logs, by message id; the case's raw fields are in neither.
            Assert.Contains(shared.MessageId, json, StringComparison.Ordinal);
            Assert.All(CanaryCase.Words, word => Assert.DoesNotContain(word, json, StringComparison.OrdinalIgnoreCase));
        }
    }

    [Fact]
    public async Task ReceiptDeGave_HoldsAgainstEitherSidesLog()
    {
        var ct = TestContext.Current.CancellationToken;
        var receipt = SignedReceipt.Parse(await File.ReadAllTextAsync(shared.ReceiptPath, ct)).Receipt;

        var receiver = await Fedverify.RunAsync([shared.ReceiverBundlePath, "--key", shared.ReceiverKey, "--receipt", shared.ReceiptPath], ct);
        var sender = await Fedverify.RunAsync([shared.BundlePath, "--key", shared.Key, "--partner-key", shared.ReceiverKey, "--receipt", shared.ReceiptPath], ct);

        // DE's log holds, at the index DE promised, its leaf of the message with the digest FR sent.
        Assert.True(receiver.ExitCode == 0, receiver.ToString());
        Assert.Contains($"{shared.MessageId}: logged at leaf {receipt.Index} (envelope.accepted", receiver.Stdout, StringComparison.Ordinal);
        // FR's log holds its own leaf of the same message (id and digest), and DE's signature is checked with DE's key.
        Assert.True(sender.ExitCode == 0, sender.ToString());
        Assert.Contains($"{shared.MessageId}: federation.audit/de's receipt (its index {receipt.Index}; its signature verified with the --partner-key of federation.audit/de)", sender.Stdout, StringComparison.Ordinal);
        Assert.Contains("(envelope.delivered,", sender.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("edited")]
    [InlineData("re-signed")]
    public async Task ReceiptDeGave_WithAChangedDigest_FailsAgainstBothLogs(string how)
    {
        var ct = TestContext.Current.CancellationToken;
        var given = await File.ReadAllTextAsync(shared.ReceiptPath, ct);
        // Signed alone or under the head of its call (the countersignature and the summary may travel in one call).
        var signed = SignedReceipt.Parse(given);
        var receipt = signed.Receipt;
        var other = receipt with { MessageDigest = System.Security.Cryptography.SHA256.HashData(receipt.MessageDigest) };
        // Edited: the digest line replaced under DE's signature. Re-signed: DE's own key signing a digest FR never sent.
        var changed = how == "edited"
            ? given.Replace(receipt.ToText(), other.ToText(), StringComparison.Ordinal)
            : shared.ReceiverSigner.Sign(other).Format();
        Assert.NotEqual(given, changed);
        var path = Path.Combine(shared.Folder.Path, $"changed-{how}.note");
        await File.WriteAllTextAsync(path, changed, ct);

        var receiver = await Fedverify.RunAsync([shared.ReceiverBundlePath, "--key", shared.ReceiverKey, "--receipt", path], ct);
        var sender = await Fedverify.RunAsync([shared.BundlePath, "--key", shared.Key, "--partner-key", shared.ReceiverKey, "--receipt", path], ct);

        Assert.Equal(1, receiver.ExitCode);
        Assert.Contains($"First failure: receipt {path}: ", receiver.Stdout, StringComparison.Ordinal);
        Assert.Contains(how switch
        {
            // Under a head, the edited text is another leaf: its path no longer leads to the signed root.
            "edited" when signed.IsBatched => "audit path does not lead to the root of its batch",
            "edited" => "no valid signature of federation.audit/de's key",
            _ => $"leaf {receipt.Index} does not carry the receipt's message digest",
        }, receiver.Stdout, StringComparison.Ordinal);
        Assert.Equal(1, sender.ExitCode);
        // Either log checks a batched receipt's path first: the edited one fails there at the sender too.
        Assert.Contains(how == "edited" && signed.IsBatched
            ? $"First failure: receipt {path}: its audit path does not lead to the root of its batch"
            : $"First failure: receipt {path}: this log holds no leaf about message {shared.MessageId} with the receipt's digest", sender.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_FromTheSender_HoldsTheReceiptDeGave_AtItsDeliveryLeaf()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var file = File.OpenRead(shared.BundlePath);
        var bundle = Transparency.Bundles.BundleJson.Read(file);
        var given = await File.ReadAllTextAsync(shared.ReceiptPath, ct);

        var held = Assert.Single(bundle.Receipts!, r => r.Note == given);
        var leaf = bundle.Leaves.Single(l => l.Index == held.Leaf);
        Assert.Equal(("envelope.delivered", shared.MessageId), (leaf.Kind, leaf.Subject));
        var verified = await Fedverify.RunAsync([shared.BundlePath, "--key", shared.Key, "--partner-key", shared.ReceiverKey], ct);
        Assert.True(verified.ExitCode == 0, verified.ToString());
        Assert.Matches(@"receipts     \d+ of federation\.audit/de held for messages this log sent, each matching this log's leaf of the delivery \(message id, digest\); each signature verified", verified.Stdout);
    }

    /// <summary>
    /// FR and DE, one canary case shared; FR's log exported (with the message proved) and DE's, each to a file, and
    /// the receipt DE's acknowledgement of the message carried, as FR kept it.
    /// </summary>
    public sealed class SharedFederation : IAsyncLifetime
    {
        private TestFederation? _federation;

        public TempDirectory Folder { get; } = new("federation-verifier-test");

        public string BundlePath => Folder.Combine("bundle.json");

        public string Key { get; private set; } = string.Empty;

        public string MessageId { get; private set; } = string.Empty;

        public string ReceiverBundlePath => Folder.Combine("de-bundle.json");

        public string ReceiverKey { get; private set; } = string.Empty;

        public string ReceiptPath => Folder.Combine("de-receipt.note");

        public async ValueTask InitializeAsync()
        {
            var ct = TestContext.Current.CancellationToken;
            _federation = await TestFederation.StartAsync(["FR", "DE"], cancellationToken: ct);
            MessageId = await CanaryCase.ShareAsync(_federation, "FR", "DE", ct);
            await _federation["FR"].SignCheckpointAsync(ct);
            await _federation["DE"].SignCheckpointAsync(ct);
            Key = await ExportAsync(_federation["FR"], new AuditExportRequest { From = 1, MessageIds = { MessageId } }, BundlePath, ct);
            ReceiverKey = await ExportAsync(_federation["DE"], new AuditExportRequest(), ReceiverBundlePath, ct);
            // The receipt DE's acknowledgement carried, as FR kept it (fedctl deliveries --json shows the same note).
            var deliveries = await _federation["FR"].AdminClient().Deliveries.ListDeliveriesAsync(new ListDeliveriesRequest(), cancellationToken: ct);
            var receipt = deliveries.Deliveries.Single(d => d.MessageId == MessageId).Receipt;
            Assert.False(string.IsNullOrEmpty(receipt), "FR kept DE's receipt");
            await File.WriteAllTextAsync(ReceiptPath, receipt, ct);
            ReceiverSigner = _federation["DE"].Services.GetRequiredService<ILogKeys>().Current;
        }

        /// <summary>DE's log key (with its private half), to sign a receipt DE never gave.</summary>
        public NoteSigner ReceiverSigner { get; private set; } = null!;

        /// <summary>Exports a node's bundle to a file; returns the node's current log key.</summary>
        private static async Task<string> ExportAsync(TestNode node, AuditExportRequest request, string path, CancellationToken ct)
        {
            var admin = node.AdminClient();
            using var call = admin.Audit.Export(request, cancellationToken: ct);
            await using var file = File.Create(path);
            await foreach (var chunk in call.ResponseStream.ReadAllAsync(ct))
            {
                await file.WriteAsync(chunk.Data.Memory, ct);
            }

            return (await admin.Audit.CheckpointAsync(new AuditCheckpointRequest(), cancellationToken: ct)).Keys[^1];
        }

        public async ValueTask DisposeAsync()
        {
            if (_federation is not null)
            {
                await _federation.DisposeAsync();
            }

            Folder.Dispose();
        }
    }
}
