using Federation.Contracts.V1;
using Federation.Core;
using Federation.Core.Identity;
using Federation.Core.Transparency;
using Federation.Node.Grpc.Mapping;
using Federation.Transparency.Bundles;
using Google.Protobuf;
using Grpc.Core;

namespace Federation.Node.Grpc.Admin;

/// <summary>The node's own transparency log: latest checkpoint, a full check, proofs about a message, export bundles.</summary>
public sealed class AuditAdminService(LogAuditor auditor, ILogKeys keys, LocalNode node) : AuditAdmin.AuditAdminBase
{
    private const int ChunkBytes = 256 * 1024;

    public override async Task<AuditCheckpointResponse> Checkpoint(AuditCheckpointRequest request, ServerCallContext context) =>
        AuditMapper.ToWire(await auditor.LatestAsync(context.CancellationToken), AuditLogName.Of(node.Jurisdiction), keys.All);

    public override async Task<AuditVerifyResponse> Verify(AuditVerifyRequest request, ServerCallContext context) =>
        AuditMapper.ToWire(await auditor.VerifyAsync(context.CancellationToken));

    public override async Task<AuditProveResponse> Prove(AuditProveRequest request, ServerCallContext context) =>
        AuditMapper.ToWire(await auditor.ProveAsync(request.MessageId, context.CancellationToken));

    public override async Task Export(AuditExportRequest request, IServerStreamWriter<AuditExportChunk> responseStream, ServerCallContext context)
    {
        var bundle = await auditor.ExportAsync(request.From, request.To == 0 ? null : request.To, request.MessageIds, AdminCall.Actor(context), context.CancellationToken);
        // Serialized into chunks as it is written, so the stream's messages stay far below the size cap. A bundle larger
        // than a verifier reads is cut off with an error (fedctl then keeps no file) rather than handed to an auditor.
        var sent = 0L;
        await using var chunks = new ChunkStream(ChunkBytes, (bytes, ct) =>
        {
            sent += bytes.Length;
            if (sent > BundleJson.MaxBytes)
            {
                throw new FederationException(ErrorCode.ResourceExhausted,
                    $"The bundle of leaves [{bundle.From}, {bundle.To}) with {bundle.Checkpoints.Count} checkpoints is larger than the {BundleJson.MaxBytes} bytes a verifier reads: export it in parts.", "to");
            }

            return responseStream.WriteAsync(new AuditExportChunk { Data = ByteString.CopyFrom(bytes.Span) }, ct);
        }, context.CancellationToken);
        await BundleJson.WriteAsync(chunks, bundle, context.CancellationToken);
    }
}
