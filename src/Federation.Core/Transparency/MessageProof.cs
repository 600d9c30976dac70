namespace Federation.Core.Transparency;

/// <summary>Every leaf of this log about one message, each proved against <see cref="Checkpoint"/>.</summary>
public sealed record MessageProof(string MessageId, StoredCheckpoint Checkpoint, IReadOnlyList<ProvedLeaf> Leaves);
