using System.Security.Cryptography.X509Certificates;
using Federation.Contracts.V1;
using Federation.Testing;
using Federation.Transparency;
using Grpc.Core;

namespace Federation.Node.Tests;

/// <summary>
/// The node's own log through its admin service: checkpoints signed with the node's key, a full check that names a
/// leaf rewritten in the database, proofs about a message, and the export's refusals.
/// </summary>
public sealed class AuditLogTests
{
    [Fact]
    public async Task Checkpoint_SignedAtStart_OpensWithTheLogsKey()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var federation = await TestFederation.StartAsync(["FR", "DE"], cancellationToken: ct);
        var admin = federation["FR"].AdminClient();

        // The worker signs at start, in the background: the first answer after it did.
        var response = await Eventually.UntilAsync(async () =>
        {
            try
            {
                return await admin.Audit.CheckpointAsync(new AuditCheckpointRequest(), cancellationToken: ct);
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.FailedPrecondition)
            {
                return null;
            }
        }, r => r is not null, "FR to sign its first checkpoint");

        var key = NoteKey.Parse(Assert.Single(response!.Keys));
        var checkpoint = CheckpointVerifier.Open(response.Note, key);
        Assert.Equal("federation.audit/fr", response.Origin);
        Assert.Equal((response.Origin, response.Size), (checkpoint.Origin, checkpoint.Size));
        Assert.Equal(response.RootHash.ToByteArray(), checkpoint.RootHash);
        Assert.Equal(federation["FR"].Services.GetRequiredService<Federation.Node.Security.NodeIdentity>().Current.GetECDsaPublicKey()!.ExportSubjectPublicKeyInfo(),
            key.SubjectPublicKeyInfo);
    }

    [Fact]
    public async Task Verify_AfterAShare_HoldsOverEveryLeaf()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var federation = await TestFederation.StartAsync(["FR", "DE"], cancellationToken: ct);
        await CanaryCase.ShareAsync(federation, "FR", "DE", ct);
        await federation["FR"].SignCheckpointAsync(ct);
        var head = await federation["FR"].LogHeadAsync(ct);

        var response = await federation["FR"].AdminClient().Audit.VerifyAsync(new AuditVerifyRequest(), cancellationToken: ct);

        Assert.True(response.Holds, response.Failure);
        Assert.True(response.Leaves >= head.Size, $"{response.Leaves} leaves recomputed of {head.Size}");
        Assert.True(response.Checkpoints >= 1);
        Assert.Equal(-1, response.FirstBadLeaf);
    }

    [Fact]
    public async Task Verify_LeafRewrittenInTheDatabase_NamesIt()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var federation = await TestFederation.StartAsync(["FR", "DE"], cancellationToken: ct);
        var messageId = await CanaryCase.ShareAsync(federation, "FR", "DE", ct);
        await federation["FR"].SignCheckpointAsync(ct);
        var admin = federation["FR"].AdminClient();
        var delivered = (await admin.Audit.ProveAsync(new AuditProveRequest { MessageId = messageId }, cancellationToken: ct)).Leaves
            .Single(l => l.Kind == "envelope.delivered");

        await federation["FR"].RewriteLeafAsync(delivered.Index, ct);
        var response = await admin.Audit.VerifyAsync(new AuditVerifyRequest(), cancellationToken: ct);

        Assert.False(response.Holds);
        Assert.Equal(delivered.Index, response.FirstBadLeaf);
        Assert.StartsWith($"leaf {delivered.Index}: ", response.Failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Prove_SharedMessage_EveryProofLeadsToTheCheckpointRoot()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var federation = await TestFederation.StartAsync(["FR", "DE"], cancellationToken: ct);
        var messageId = await CanaryCase.ShareAsync(federation, "FR", "DE", ct);
        await federation["FR"].SignCheckpointAsync(ct);
        await federation["DE"].SignCheckpointAsync(ct);

        foreach (var node in new[] { "FR", "DE" })
        {
            var response = await federation[node].AdminClient().Audit.ProveAsync(new AuditProveRequest { MessageId = messageId.ToLowerInvariant() }, cancellationToken: ct);
            var checkpoint = Checkpoint.Parse(SignedNote.Parse(response.CheckpointNote).Text);

            Assert.Equal(messageId, response.MessageId);
            Assert.NotEmpty(response.Leaves);
            Assert.All(response.Leaves, leaf =>
            {
                Assert.True(leaf.Covered);
                Assert.True(MerkleVerifier.VerifyInclusion(leaf.Index, response.TreeSize, leaf.LeafHash.ToByteArray(), [.. leaf.Proof.Select(p => p.ToByteArray())], checkpoint.RootHash),
                    $"{node}'s leaf {leaf.Index} ({leaf.Kind}) does not prove into its checkpoint");
            });
        }
    }

    [Fact]
    public async Task Prove_MalformedOrUnknownMessage_InvalidArgumentOrNotFound()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var federation = await TestFederation.StartAsync(["FR", "DE"], cancellationToken: ct);
        var admin = federation["FR"].AdminClient();

        var malformed = await Assert.ThrowsAsync<RpcException>(() => admin.Audit.ProveAsync(new AuditProveRequest { MessageId = "not-an-id" }, cancellationToken: ct).ResponseAsync);
        var unknown = await Assert.ThrowsAsync<RpcException>(() => admin.Audit.ProveAsync(new AuditProveRequest { MessageId = "DE-M-01JD3Q5V7X8Y9Z0A1B2C3D4E5F" }, cancellationToken: ct).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, malformed.StatusCode);
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("DE-M-01JD3Q5V7X8Y9Z0A1B2C3D4E5F", unknown.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_PastTheLatestCheckpointOrEmpty_IsRefused()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var federation = await TestFederation.StartAsync(["FR", "DE"], cancellationToken: ct);
        var signed = await federation["FR"].SignCheckpointAsync(ct);
        var size = signed.Checkpoint!.Size;
        var admin = federation["FR"].AdminClient();

        var past = await ExportFailsAsync(admin, new AuditExportRequest { From = 0, To = size + 10 }, ct);
        var empty = await ExportFailsAsync(admin, new AuditExportRequest { From = 3, To = 3 }, ct);

        Assert.Equal(StatusCode.FailedPrecondition, past.StatusCode);
        Assert.Contains("covered by no checkpoint", past.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(StatusCode.InvalidArgument, empty.StatusCode);
    }

    private static async Task<RpcException> ExportFailsAsync(AdminClients admin, AuditExportRequest request, CancellationToken ct) =>
        await Assert.ThrowsAsync<RpcException>(async () =>
        {
            using var call = admin.Audit.Export(request, cancellationToken: ct);
            await foreach (var _ in call.ResponseStream.ReadAllAsync(ct))
            {
            }
        });
}
