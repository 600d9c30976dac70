namespace Federation.Core.Transparency;

/// <summary>
/// A signed checkpoint kept by a node: its own (<see cref="Log"/> is its jurisdiction) or a partner's, as received and
/// verified. <see cref="Note"/> is the whole C2SP signed note, cosignatures included, exactly as signed.
/// </summary>
public sealed record StoredCheckpoint(string Log, long Size, byte[] RootHash, DateTimeOffset At, string Note);
