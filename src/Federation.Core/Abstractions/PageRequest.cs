namespace Federation.Core.Abstractions;

/// <summary>
/// One page of a list: at most <see cref="Size"/> items after the position <see cref="After"/> names.
/// <see cref="After"/> is a store's own key of the last item of the previous page (keyset paging, so
/// items added while someone pages do not shift the pages after them); null starts at the top.
/// </summary>
public readonly record struct PageRequest(int Size, string? After)
{
    public const int DefaultSize = 100;
    public const int MaxSize = 1000;

    /// <summary>A page size as a caller asked for it: 0 or less means the default, more than the maximum is capped.</summary>
    public static PageRequest Of(int requestedSize, string? after) =>
        new(requestedSize <= 0 ? DefaultSize : Math.Min(requestedSize, MaxSize), string.IsNullOrEmpty(after) ? null : after);

    /// <summary>
    /// A page of a list held in memory (small lists: treaties, peers, one case's clocks). The position is
    /// the index of the next item; a position past the end gives an empty last page.
    /// </summary>
    public Page<T> Slice<T>(IReadOnlyList<T> items)
    {
        var start = 0;
        if (After is not null && (!int.TryParse(After, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out start) || start < 0))
        {
            throw new FederationException(ErrorCode.InvalidArgument, "The page token does not belong to this list.", "page_token");
        }

        var page = items.Skip(start).Take(Size).ToList();
        var next = start + page.Count;
        return new Page<T>(page, next < items.Count ? next.ToString(System.Globalization.CultureInfo.InvariantCulture) : null);
    }
}
