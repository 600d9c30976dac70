namespace Federation.Storage.Transparency;

/// <summary>A signed checkpoint as kept: ours or a partner's (<see cref="Log"/>), never updated.</summary>
internal sealed class CheckpointRow
{
    public long Id { get; set; }
    public string Log { get; set; } = string.Empty;
    public long Size { get; set; }
    public byte[] RootHash { get; set; } = [];
    public DateTimeOffset At { get; set; }
    public string Note { get; set; } = string.Empty;
}
