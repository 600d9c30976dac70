namespace Federation.Core.Transparency;

/// <summary>
/// Remembers the checkpoint whose contradiction was last alerted on, so that a log stuck in contradiction alerts once,
/// not once a minute: each refusal is itself audited, so the head it refuses grows at every pass.
/// </summary>
public sealed class CheckpointAlarm
{
    private string? _last;

    public bool FirstTime(long size, byte[] root)
    {
        var key = $"{size}:{Convert.ToHexStringLower(root)}";
        return Interlocked.Exchange(ref _last, key) != key;
    }
}
