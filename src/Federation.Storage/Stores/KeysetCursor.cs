using System.Globalization;
using Federation.Core;

namespace Federation.Storage.Stores;

/// <summary>
/// The position after which a keyset page starts: an instant (as UTC ticks, the store's own column
/// form) and the id that breaks ties between rows of the same instant. Written as "ticks:id".
/// </summary>
internal readonly record struct KeysetCursor(DateTimeOffset At, string Id)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{At.UtcTicks}:{Id}");

    public static KeysetCursor? Parse(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0
            || !long.TryParse(text.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            || ticks > DateTimeOffset.MaxValue.UtcTicks
            || colon == text.Length - 1)
        {
            throw new FederationException(ErrorCode.InvalidArgument, "The page token does not belong to this list.", "page_token");
        }

        return new KeysetCursor(new DateTimeOffset(ticks, TimeSpan.Zero), text[(colon + 1)..]);
    }
}
