namespace Federation.Core.Transparency;

/// <summary>
/// Remembers the inconsistent head last alerted on, so that a log stuck in contradiction alerts once per head it
/// is asked to sign, not once a minute for the same one.
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
