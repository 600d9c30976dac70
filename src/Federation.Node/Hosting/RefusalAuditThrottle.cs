using System.Collections.Concurrent;

namespace Federation.Node.Hosting;

/// <summary>
/// Keeps a flood of one kind of refusal from one caller from flooding the audit log, without losing count: the first
/// refusal of a key in a window is audited, the others are counted, and the next audited one says how many there were.
/// </summary>
public sealed class RefusalAuditThrottle(TimeProvider timeProvider)
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private const int MaxKeys = 10_000;

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>True when this refusal is to be audited; <paramref name="suppressed"/> is how many were counted, not audited, before it.</summary>
    public bool ShouldAudit(string key, out int suppressed)
    {
        var now = timeProvider.GetUtcNow();
        if (_entries.Count > MaxKeys)
        {
            // Bounded memory under a flood of distinct keys; the counts lost here are of keys not seen for a window.
            foreach (var stale in _entries.Where(e => now - e.Value.LastAudit > Window).Select(e => e.Key).ToList())
            {
                _entries.TryRemove(stale, out _);
            }
        }

        var entry = _entries.GetOrAdd(key, _ => new Entry());
        lock (entry)
        {
            if (entry.Audited && now - entry.LastAudit < Window)
            {
                entry.Suppressed++;
                suppressed = 0;
                return false;
            }

            suppressed = entry.Suppressed;
            entry.Suppressed = 0;
            entry.Audited = true;
            entry.LastAudit = now;
            return true;
        }
    }

    private sealed class Entry
    {
        public bool Audited;
        public DateTimeOffset LastAudit;
        public int Suppressed;
    }
}
