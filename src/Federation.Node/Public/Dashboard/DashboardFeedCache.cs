using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Federation.Core.Dashboard;

namespace Federation.Node.Public.Dashboard;

/// <summary>
/// The feed's bytes per snapshot and page: a snapshot never changes, so each page is serialized once and every
/// later request for it writes the same bytes. Entries go with their snapshot (a weak table keyed by it).
/// </summary>
public sealed class DashboardFeedCache
{
    private readonly ConditionalWeakTable<DashboardSnapshot, ConcurrentDictionary<(int Number, int Size), byte[]>> _pages = [];

    public byte[] Get(DashboardSnapshot snapshot, int number, int size) =>
        _pages.GetOrCreateValue(snapshot).GetOrAdd((number, size), key => DashboardFeed.Write(snapshot, snapshot.Page(key.Number, key.Size)));
}
