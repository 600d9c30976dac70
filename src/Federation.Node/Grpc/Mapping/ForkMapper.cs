using Federation.Core.Transparency;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Wire = Federation.Contracts.V1;

namespace Federation.Node.Grpc.Mapping;

/// <summary>Fork evidence, for the node's own operators.</summary>
public static class ForkMapper
{
    public static Wire.LogFork ToWire(LogFork fork) => new()
    {
        Partner = fork.Jurisdiction,
        Log = fork.Log,
        Reason = fork.Reason,
        DetectedAt = Timestamp.FromDateTimeOffset(fork.DetectedAt),
        Known = ToWire(fork.Known, fork.KnownCertificate),
        Conflicting = ToWire(fork.Conflicting, fork.ConflictingCertificate),
        Cleared = fork.IsCleared,
        ClearedAt = fork.ClearedAt is { } at ? Timestamp.FromDateTimeOffset(at) : null,
        ClearedBy = fork.ClearedBy ?? string.Empty,
        ClearReason = fork.ClearReason ?? string.Empty,
        FailedProof = fork.FailedProof is { } proof ? ToWire(proof) : null,
    };

    private static Wire.ForkCheckpoint ToWire(StoredCheckpoint checkpoint, byte[]? certificate) => new()
    {
        Size = checkpoint.Size,
        RootHash = ByteString.CopyFrom(checkpoint.RootHash),
        SignedAt = Timestamp.FromDateTimeOffset(checkpoint.At),
        Note = checkpoint.Note,
        Certificate = certificate is null ? ByteString.Empty : ByteString.CopyFrom(certificate),
    };

    private static Wire.FailedProof ToWire(FailedConsistencyProof proof) => new()
    {
        OldSize = proof.OldSize,
        NewSize = proof.NewSize,
        Hashes = { proof.Hashes.Select(ByteString.CopyFrom) },
    };
}
