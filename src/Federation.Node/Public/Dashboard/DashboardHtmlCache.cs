using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Federation.Core.Dashboard;

namespace Federation.Node.Public.Dashboard;

/// <summary>
/// The rendered dashboard pages per snapshot, language and page number. A page is a pure function of those three,
/// so it is rendered once per snapshot and every later request writes the same bytes; a new snapshot starts empty
/// (entries go with their snapshot: a weak table keyed by it). Bounded per snapshot, so page numbers cannot fill memory.
/// </summary>
public sealed class DashboardHtmlCache
{
    /// <summary>The most pages kept per snapshot (six languages times the first pages is what readers ask for).</summary>
    public const int MaxPagesPerSnapshot = 600;

    private readonly ConditionalWeakTable<DashboardSnapshot, ConcurrentDictionary<(string Language, string Page), byte[]>> _pages = [];

    public bool TryGet(DashboardSnapshot snapshot, string language, string page, out byte[] html)
    {
        html = [];
        return _pages.TryGetValue(snapshot, out var pages) && pages.TryGetValue((language, page), out html!);
    }

    public void Add(DashboardSnapshot snapshot, string language, string page, byte[] html)
    {
        var pages = _pages.GetOrCreateValue(snapshot);
        if (pages.Count < MaxPagesPerSnapshot)
        {
            pages.TryAdd((language, page), html);
        }
    }
}
