using Federation.Contracts.V1;
using Federation.Core.Transparency;
using Federation.Testing;
using Federation.Transparency;
using Microsoft.Extensions.DependencyInjection;
using Grpc.Core;

namespace Federation.Verifier.Tests;

/// <summary>
/// A bundle exported by a real node (FR, after sharing a case with DE) checked by the built fedverify: it holds with
/// the key the node publishes; one byte changed, it fails and names the place; no raw field of the case is in it.
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
    public async Task ReceiversReceipt_HoldsAgainstEitherSidesLog()
    {
        var ct = TestContext.Current.CancellationToken;

        var receiver = await Fedverify.RunAsync([shared.ReceiverBundlePath, "--key", shared.ReceiverKey, "--receipt", shared.ReceiptPath], ct);
        var sender = await Fedverify.RunAsync([shared.BundlePath, "--key", shared.Key, "--receipt", shared.ReceiptPath], ct);

        Assert.True(receiver.ExitCode == 0, receiver.ToString());
        Assert.Contains($"{shared.MessageId}: logged at leaf ", receiver.Stdout, StringComparison.Ordinal);
        Assert.True(sender.ExitCode == 0, sender.ToString());
        Assert.Contains($"{shared.MessageId}: federation.audit/de's receipt", sender.Stdout, StringComparison.Ordinal);
        Assert.Contains("(envelope.delivered,", sender.Stdout, StringComparison.Ordinal);
    }

    /// <summary>
    /// FR and DE, one canary case shared; FR's log exported (with the message proved) and DE's, each to a file, and
    /// DE's receipt for the message (signed by DE's log key, as DE's acknowledgement will carry it).
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
            await using var scope = _federation["DE"].Services.CreateAsyncScope();
            var log = scope.ServiceProvider.GetRequiredService<ITransparencyLog>();
            var accepted = new List<LogLeaf>();
            foreach (var index in await log.FindMessageAsync(MessageId, ct))
            {
                accepted.AddRange((await log.LeavesAsync(index, 1, ct)).Where(l => l.Kind == "envelope.accepted"));
            }

            var leaf = accepted.Single();
            var signer = _federation["DE"].Services.GetRequiredService<ILogKeys>().Current;
            await File.WriteAllTextAsync(ReceiptPath, signer.Sign(new LogReceipt(signer.Name, leaf.Index, MessageId, leaf.MessageDigest!)).Format(), ct);
        }

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
