using Federation.Contracts.V1;
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
        // Serialized into chunks as it is written, so the stream's messages stay far below the size cap.
        await using var chunks = new ChunkStream(ChunkBytes, (bytes, ct) => responseStream.WriteAsync(new AuditExportChunk { Data = ByteString.CopyFrom(bytes.Span) }, ct), context.CancellationToken);
        await BundleJson.WriteAsync(chunks, bundle, context.CancellationToken);
    }
}
