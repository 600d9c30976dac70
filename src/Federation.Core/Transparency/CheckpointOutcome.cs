namespace Federation.Core.Transparency;

/// <summary>What one signing pass did: signed a checkpoint, found nothing new, or refused (the log contradicts its last checkpoint).</summary>
public sealed record CheckpointOutcome(CheckpointOutcomeKind Kind, StoredCheckpoint? Checkpoint, string? Problem = null);
