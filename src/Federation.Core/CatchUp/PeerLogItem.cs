namespace Federation.Core.CatchUp;

/// <summary>A log line with its envelope, as served to the partner it is addressed to.</summary>
public sealed record PeerLogItem(long Sequence, string MessageId, byte[] Envelope, DateTimeOffset CreatedAt);
