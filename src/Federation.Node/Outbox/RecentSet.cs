namespace Federation.Node.Outbox;

/// <summary>
/// A small thread-safe set that remembers the last <c>capacity</c> strings added (oldest forgotten first): a cache of
/// facts that are only useful for a short while, which must never grow with a partner's traffic.
/// </summary>
public sealed class RecentSet(int capacity)
{
    private readonly HashSet<string> _members = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();
    private readonly Lock _lock = new();

    public bool Contains(string value)
    {
        lock (_lock)
        {
            return _members.Contains(value);
        }
    }

    public void Add(string value)
    {
        lock (_lock)
        {
            if (!_members.Add(value))
            {
                return;
            }

            _order.Enqueue(value);
            while (_order.Count > capacity)
            {
                _members.Remove(_order.Dequeue());
            }
        }
    }
}
