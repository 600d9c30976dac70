namespace Federation.Core.Abstractions;

/// <summary>One page of a list, and where the next one starts (null on the last page).</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextAfter)
{
    /// <summary>
    /// A page from a store query that asked for one item more than <paramref name="request"/>'s size: that
    /// extra item only tells that another page exists, and the last item kept names where it starts.
    /// </summary>
    public static Page<T> FromOverfetch(IReadOnlyList<T> fetched, PageRequest request, Func<T, string> keyOf)
    {
        if (fetched.Count <= request.Size)
        {
            return new Page<T>(fetched, null);
        }

        var items = fetched.Take(request.Size).ToList();
        return new Page<T>(items, keyOf(items[^1]));
    }
}
