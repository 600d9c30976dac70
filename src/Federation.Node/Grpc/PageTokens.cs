using System.Buffers.Text;
using System.Text;
using Federation.Core;
using Federation.Core.Abstractions;

namespace Federation.Node.Grpc;

/// <summary>
/// AIP-158 page tokens: opaque to callers, bound to the list and the filter they came from. Inside is the
/// store's own position (<see cref="PageRequest.After"/>); a token handed to another list or with
/// another filter is refused rather than read as a position it never was.
/// </summary>
public static class PageTokens
{
    private const string Version = "p1";

    public static PageRequest Read(string list, string? filter, int pageSize, string? token)
    {
        if (pageSize < 0)
        {
            throw new FederationException(ErrorCode.InvalidArgument, "page_size cannot be negative.", "page_size");
        }

        if (string.IsNullOrEmpty(token))
        {
            return PageRequest.Of(pageSize, null);
        }

        string text;
        try
        {
            text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
        }
        catch (FormatException)
        {
            throw Foreign();
        }

        var prefix = Prefix(list, filter);
        return text.StartsWith(prefix, StringComparison.Ordinal) && text.Length > prefix.Length
            ? PageRequest.Of(pageSize, text[prefix.Length..])
            : throw Foreign();
    }

    /// <summary>The token of the next page, or empty on the last page.</summary>
    public static string Next<T>(string list, string? filter, Page<T> page) =>
        page.NextAfter is null ? string.Empty : Base64Url.EncodeToString(Encoding.UTF8.GetBytes(Prefix(list, filter) + page.NextAfter));

    private static string Prefix(string list, string? filter) => $"{Version}|{list}|{filter}|";

    private static FederationException Foreign() =>
        new(ErrorCode.InvalidArgument, "The page token does not belong to this list (or to this filter): start again without one.", "page_token");
}
