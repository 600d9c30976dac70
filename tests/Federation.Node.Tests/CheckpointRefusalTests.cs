using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Federation.Contracts.V1;
using Federation.Core.Events;
using Federation.Core.Transparency;
using Federation.Node.Events;
using Federation.Testing;
using Serilog.Core;
using Serilog.Events;

namespace Federation.Node.Tests;

/// <summary>
/// A log never signs a head that contradicts its last checkpoint: a leaf changed after it was appended is found
/// before signing, and the node refuses, with an audit entry, an event and an error in its log, once per head.
/// </summary>
public sealed class CheckpointRefusalTests
{
    [Fact]
    public async Task Sign_LeafRewrittenSinceTheLastCheckpoint_RefusedAlertedOnceAndTheLastCheckpointKept()
    {
        var ct = TestContext.Current.CancellationToken;
        using var folder = new TempDirectory();
        var pki = new TestPki(folder.Combine("pki"));
        pki.Ca("FR");
        pki.Ca("DE");
        TreatyFiles.Write(folder.Combine("treaties"), "t.yaml", TreatyFiles.Yaml("t", ["FR", "DE"]));
        var logs = new LogCapture();
        await using var node = await TestNode.StartAsync("FR", pki, folder.Path, ["DE"], folder.Combine("treaties"),
            services: s => s.AddSingleton<ILogEventSink>(logs), cancellationToken: ct);
        await node.SignCheckpointAsync(ct);
        var admin = node.AdminClient();
        var before = await admin.Audit.CheckpointAsync(new AuditCheckpointRequest(), cancellationToken: ct);
        await admin.Cases.CreateCaseAsync(new CreateCaseRequest { Fields = new CaseFields { Title = "t", Synopsis = "s", Sector = "health", Tlp = TlpLabel.Amber } }, cancellationToken: ct);
        var head = await node.LogHeadAsync(ct);
        Assert.True(head.Size > before.Size, "creating a case appends a leaf");
        using var events = node.Services.GetRequiredService<EventHub>().Follow();

        await node.RewriteLeafAsync(head.Size - 1, ct);
        var refused = await node.SignCheckpointAsync(ct);
        var again = await node.SignCheckpointAsync(ct);

        Assert.Equal(CheckpointOutcomeKind.Refused, refused.Kind);
        Assert.Contains("a leaf was changed after it was appended", refused.Problem, StringComparison.Ordinal);
        Assert.Equal(CheckpointOutcomeKind.Refused, again.Kind);
        var after = await admin.Audit.CheckpointAsync(new AuditCheckpointRequest(), cancellationToken: ct);
        Assert.Equal((before.Size, before.Note), (after.Size, after.Note));
        // The alert: one event, one error, one audit entry, though it was refused twice.
        Assert.True(events.Events.TryRead(out var alert));
        Assert.Equal(EventKinds.AuditLogInconsistent, alert!.Kind);
        Assert.Contains($"head size {head.Size}", alert.Detail, StringComparison.Ordinal);
        Assert.False(events.Events.TryRead(out _));
        Assert.Single(logs.Events, e => e.Level == LogEventLevel.Error && e.MessageTemplate.Text.Contains("contradicts its last checkpoint", StringComparison.Ordinal));
        await using var scope = node.Services.CreateAsyncScope();
        var log = scope.ServiceProvider.GetRequiredService<ITransparencyLog>();
        var leaves = await log.LeavesAsync(head.Size, 100, ct);
        var entry = Assert.Single(leaves, l => l.Kind == "checkpoint.refused");
        Assert.Equal(("system", "federation.audit/fr", "refused"), (entry.Actor, entry.Subject, entry.Outcome));
    }

    [Fact]
    public async Task Start_RsaNodeKey_RefusedNamingTheSetting()
    {
        // The log signs its checkpoints with the node key as C2SP ECDSA notes: an RSA key cannot, so it never starts.
        var ct = TestContext.Current.CancellationToken;
        using var folder = new TempDirectory();
        var pki = new TestPki(folder.Combine("pki"));
        pki.Ca("DE");
        TreatyFiles.Write(folder.Combine("treaties"), "t.yaml", TreatyFiles.Yaml("t", ["FR", "DE"]));
        using var template = pki.Node("FR");
        using var rsa = RSA.Create(3072);
        var request = new CertificateRequest(template.SubjectName, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        foreach (var extension in template.Extensions.Where(e => e is not X509SubjectKeyIdentifierExtension and not X509AuthorityKeyIdentifierExtension))
        {
            request.CertificateExtensions.Add(extension);
        }

        var ca = pki.Ca("FR");
        using var caKey = ca.GetECDsaPrivateKey()!;
        using var issued = request.Create(ca.SubjectName, X509SignatureGenerator.CreateForECDsa(caKey), template.NotBefore, template.NotAfter, [1, 2, 3, 4]);
        var certificatePath = folder.Combine("rsa-node.crt");
        var keyPath = folder.Combine("rsa-node.key");
        await File.WriteAllTextAsync(certificatePath, issued.ExportCertificatePem(), ct);
        await File.WriteAllTextAsync(keyPath, rsa.ExportPkcs8PrivateKeyPem(), ct);

        var error = await Assert.ThrowsAsync<Federation.Node.Hosting.StartupException>(() => TestNode.StartAsync("FR", pki, folder.Path, ["DE"], folder.Combine("treaties"),
            extraSettings: new Dictionary<string, string?> { ["Federation:Peer:CertificatePath"] = certificatePath, ["Federation:Peer:KeyPath"] = keyPath }, cancellationToken: ct));

        Assert.Equal("Federation:Peer:CertificatePath", error.Setting);
        Assert.Contains("ECDSA P-256", error.Message, StringComparison.Ordinal);
        Assert.Contains("checkpoints", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_CheckpointIntervalZero_RefusedNamingTheSetting()
    {
        var ct = TestContext.Current.CancellationToken;
        using var folder = new TempDirectory();
        var pki = new TestPki(folder.Combine("pki"));
        pki.Ca("DE");
        TreatyFiles.Write(folder.Combine("treaties"), "t.yaml", TreatyFiles.Yaml("t", ["FR", "DE"]));

        var error = await Assert.ThrowsAsync<Federation.Node.Hosting.StartupException>(() => TestNode.StartAsync("FR", pki, folder.Path, ["DE"], folder.Combine("treaties"),
            extraSettings: new Dictionary<string, string?> { ["Federation:Transparency:CheckpointInterval"] = "00:00:00" }, cancellationToken: ct));

        Assert.Equal("Federation:Transparency:CheckpointInterval", error.Setting);
    }

    [Fact]
    public async Task Start_OldAuditRecordAltered_RefusedNamingTheSequence_UntilTheOperatorAcceptsIt()
    {
        var ct = TestContext.Current.CancellationToken;
        using var folder = new TempDirectory();
        var pki = new TestPki(folder.Combine("pki"));
        pki.Ca("DE");
        TreatyFiles.Write(folder.Combine("treaties"), "t.yaml", TreatyFiles.Yaml("t", ["FR", "DE"]));
        // FR's store as an older release left it: records in the linear chain only, one of them changed since.
        Directory.CreateDirectory(folder.Combine("FR"));
        var connectionString = $"Data Source={Path.Combine(folder.Combine("FR"), "federation.db")};Pooling=False";
        await using (var services = Federation.Storage.DependencyInjection.AddFederationStorage(new ServiceCollection(), connectionString).BuildServiceProvider())
        {
            await services.GetRequiredService<Federation.Storage.StorageInitializer>().InitializeAsync(ct);
        }

        await OldAuditChain.WriteAsync(connectionString, 12, TimeProvider.System, ct);
        await OldAuditChain.AlterAsync(connectionString, 5, ct);

        var error = await Assert.ThrowsAsync<Federation.Node.Hosting.StartupException>(() => TestNode.StartAsync("FR", pki, folder.Path, ["DE"], folder.Combine("treaties"), cancellationToken: ct));
        Assert.Equal("Federation:Transparency:AcceptBrokenChainBefore", error.Setting);
        Assert.Contains("broken at sequence 5", error.Message, StringComparison.Ordinal);
        Assert.Contains("AcceptBrokenChainBefore=6", error.Message, StringComparison.Ordinal);

        await using var node = await TestNode.StartAsync("FR", pki, folder.Path, ["DE"], folder.Combine("treaties"),
            extraSettings: new Dictionary<string, string?> { ["Federation:Transparency:AcceptBrokenChainBefore"] = "6" }, cancellationToken: ct);
        await using var scope = node.Services.CreateAsyncScope();
        var leaves = await scope.ServiceProvider.GetRequiredService<ITransparencyLog>().LeavesAsync(0, 100, ct);
        var accepted = Assert.Single(leaves, l => l.Kind == Federation.Core.Audit.AuditKinds.AuditChainBreakAccepted);
        Assert.Equal(12, accepted.Index);
        // The history, breaks and acceptance included, is what the node's checkpoints now vouch for.
        var outcome = await node.SignCheckpointAsync(ct);
        Assert.True(outcome.Checkpoint!.Size > accepted.Index, $"the checkpoint of size {outcome.Checkpoint.Size} does not cover the acceptance");
    }
}
