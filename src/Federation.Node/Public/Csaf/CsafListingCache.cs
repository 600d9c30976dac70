using System.Collections.Concurrent;

namespace Federation.Node.Public.Csaf;

/// <summary>
/// The last rendering of each listing (index.txt, changes.csv, the feed, provider-metadata.json), keyed by the
/// distribution table's state: any publication, correction or document reaching its instant changes the state, so a
/// cached rendering is never stale, and aggregators polling an unchanged folder cost one small query each.
/// </summary>
public sealed class CsafListingCache
{
    private readonly ConcurrentDictionary<string, (string ETag, byte[]? Content)> _renderings = new(StringComparer.Ordinal);

    public async Task<byte[]> GetOrRenderAsync(string listing, string etag, Func<Task<byte[]>> render) =>
        (await GetOrRenderOptionalAsync(listing, etag, async () => await render()))!;

    /// <summary>As <see cref="GetOrRenderAsync"/>, for a listing that may not exist in this state (null, kept too).</summary>
    public async Task<byte[]?> GetOrRenderOptionalAsync(string listing, string etag, Func<Task<byte[]?>> render)
    {
        if (_renderings.TryGetValue(listing, out var cached) && cached.ETag == etag)
        {
            return cached.Content;
        }

        var content = await render();
        _renderings[listing] = (etag, content);
        return content;
    }
}
