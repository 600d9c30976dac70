using Federation.Core.Transparency;
using Federation.Transparency;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Wire = Federation.Contracts.V1;

namespace Federation.Node.Grpc.Mapping;

/// <summary>The transparency log's answers, for the node's own operators.</summary>
public static class AuditMapper
{
    public static Wire.AuditCheckpointResponse ToWire(StoredCheckpoint checkpoint, string origin, IEnumerable<NoteKey> keys) => new()
    {
        Note = checkpoint.Note,
        Origin = origin,
        Size = checkpoint.Size,
        RootHash = ByteString.CopyFrom(checkpoint.RootHash),
        SignedAt = Timestamp.FromDateTimeOffset(checkpoint.At),
        Keys = { keys.Select(k => k.ToString()) },
    };

    public static Wire.AuditVerifyResponse ToWire(LogVerification verification) => new()
    {
        Holds = verification.Holds,
        Leaves = verification.Leaves,
        Checkpoints = verification.Checkpoints,
        Failure = verification.Failure ?? string.Empty,
        FirstBadLeaf = verification.FirstBadLeaf ?? -1,
    };

    public static Wire.AuditProveResponse ToWire(MessageProof proof) => new()
    {
        MessageId = proof.MessageId,
        CheckpointNote = proof.Checkpoint.Note,
        TreeSize = proof.Checkpoint.Size,
        Leaves = { proof.Leaves.Select(ToWire) },
    };

    private static Wire.ProvedAuditLeaf ToWire(ProvedLeaf proved) => new()
    {
        Index = proved.Leaf.Index,
        Kind = proved.Leaf.Kind,
        At = Timestamp.FromDateTimeOffset(proved.Leaf.At),
        Actor = proved.Leaf.Actor,
        Outcome = proved.Leaf.Outcome,
        Treaty = proved.Leaf.Treaty ?? string.Empty,
        MessageDigest = proved.Leaf.MessageDigest is null ? ByteString.Empty : ByteString.CopyFrom(proved.Leaf.MessageDigest),
        LeafHash = ByteString.CopyFrom(proved.Leaf.Hash()),
        Proof = { (proved.Proof ?? []).Select(ByteString.CopyFrom) },
        Covered = proved.Proof is not null,
    };
}
