using Microsoft.Net.Http.Headers;

namespace Federation.Node.Public.Csaf;

/// <summary>
/// Validators and caching for provider files. <c>no-cache</c> lets caches keep a copy but ask again each time
/// (a correction replaces a document under the same path); the ETag makes that question cheap (304).
/// </summary>
internal static class CsafResponse
{
    public const string CacheControl = "public, no-cache";

    public static bool NotModified(HttpContext http, string etag, DateTimeOffset? lastModified)
    {
        var response = http.Response;
        response.Headers.ETag = etag;
        response.Headers.CacheControl = CacheControl;
        if (lastModified is { } modified)
        {
            response.Headers.LastModified = HeaderUtilities.FormatDate(modified);
        }

        var ifNoneMatch = http.Request.GetTypedHeaders().IfNoneMatch;
        return ifNoneMatch.Count > 0 && ifNoneMatch.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || tag.Tag.Equals(etag));
    }

    public static async Task<IResult> BytesAsync(HttpContext http, string etag, DateTimeOffset? lastModified, string contentType, Func<Task<byte[]>> content)
    {
        if (NotModified(http, etag, lastModified))
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }

        var bytes = await content();
        // The bytes as stored: hashed and signed exactly like this, so no encoding or reformatting on the way out.
        return Results.Bytes(bytes, contentType);
    }
}
