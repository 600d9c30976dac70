using System.Text;
using Federation.Core.Publication;
using Federation.Node.Publication;

namespace Federation.Node.Public.Csaf;

/// <summary>
/// The CSAF 2.0 provider on the public listener (CSAF 2.0 §7.1): <c>/.well-known/csaf/provider-metadata.json</c>
/// (§7.1.7, §7.1.9), the white folder with <c>index.txt</c>, <c>changes.csv</c>, the ROLIE feed and each
/// <c>YYYY/name.json</c> with its <c>.sha256</c>, <c>.sha512</c> and <c>.asc</c> (§7.1.11–§7.1.19), and the
/// OpenPGP public key (§7.1.20). Thin: <see cref="CsafDirectory"/> renders every file; nothing is public before its
/// initial release, and an unknown path and a not-yet-public one get the same 404.
/// </summary>
public static class CsafProviderEndpoints
{
    private static readonly string[] GetAndHead = [HttpMethods.Get, HttpMethods.Head];
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);
    private const string FolderType = "text/html; charset=utf-8";

    public static IEndpointRouteBuilder MapCsafProvider(this IEndpointRouteBuilder endpoints)
    {
        var csaf = endpoints.MapGroup("/.well-known/csaf");
        csaf.MapMethods("/provider-metadata.json", GetAndHead, (HttpContext http, CsafDirectory directory, CsafListingCache cache, TimeProvider time, CancellationToken ct) =>
            CachedAsync(http, directory, cache, time, "provider-metadata.json", CsafDirectory.JsonType, directory.ProviderMetadataAsync, ct));
        csaf.MapMethods("/openpgp/{file}", GetAndHead, (HttpContext http, string file, OpenPgpSigner signer) =>
            string.Equals(file, $"{signer.Fingerprint}.asc", StringComparison.OrdinalIgnoreCase)
                ? CsafResponse.BytesAsync(http, $"\"{signer.Fingerprint}\"", signer.CreatedAt, CsafDirectory.KeyType,
                    () => Task.FromResult(Encoding.ASCII.GetBytes(signer.PublicKeyArmored)))
                : Task.FromResult(Results.NotFound()));
        csaf.MapMethods("/white/index.txt", GetAndHead, (HttpContext http, CsafDirectory directory, CsafListingCache cache, TimeProvider time, CancellationToken ct) =>
            CachedAsync(http, directory, cache, time, "index.txt", CsafDirectory.TextType, (at, c) => TextAsync(directory.WriteIndexAsync, at, c), ct));
        csaf.MapMethods("/white/changes.csv", GetAndHead, (HttpContext http, CsafDirectory directory, CsafListingCache cache, TimeProvider time, CancellationToken ct) =>
            CachedAsync(http, directory, cache, time, "changes.csv", CsafDirectory.CsvType, (at, c) => TextAsync(directory.WriteChangesAsync, at, c), ct));
        csaf.MapMethods($"/white/{CsafProviderLocation.FeedFileName}", GetAndHead, (HttpContext http, CsafDirectory directory, CsafListingCache cache, TimeProvider time, CancellationToken ct) =>
            CachedAsync(http, directory, cache, time, CsafProviderLocation.FeedFileName, CsafDirectory.JsonType, directory.FeedAsync, ct));
        csaf.MapMethods("/white/", GetAndHead, (HttpContext http, CsafDirectory directory, CsafListingCache cache, TimeProvider time, CancellationToken ct) =>
            FolderAsync(http, directory, cache, time, year: null, ct));
        csaf.MapMethods("/white/{year}/", GetAndHead, (HttpContext http, string year, CsafDirectory directory, CsafListingCache cache, TimeProvider time, CancellationToken ct) =>
            FolderAsync(http, directory, cache, time, year, ct));
        csaf.MapMethods("/white/{year}/{file}", GetAndHead, async (HttpContext http, string year, string file, CsafDirectory directory, TimeProvider time, CancellationToken ct) =>
        {
            var found = await directory.FindFileAsync(year, file, time.GetUtcNow(), ct);
            return found is null
                ? Results.NotFound()
                : await CsafResponse.BytesAsync(http, found.ETag, found.LastModified, found.ContentType, () => Task.FromResult(found.Content));
        });
        return endpoints;
    }

    private static async Task<IResult> FolderAsync(
        HttpContext http, CsafDirectory directory, CsafListingCache cache, TimeProvider time, string? year, CancellationToken ct)
    {
        // The name first: a path that is no folder is 404 whatever validator the client sends (never 304).
        if (year is not null && !CsafDirectory.IsYear(year))
        {
            return Results.NotFound();
        }

        var at = time.GetUtcNow();
        var state = await directory.StateAsync(at, ct);
        // Rendered once per state like the other listings; a valid year with no documents is kept as "none" (null),
        // so polling it does not read the table either. Years are four digits, so these entries stay few.
        var page = await cache.GetOrRenderOptionalAsync(year is null ? "white/" : $"white/{year}/", state.ETag, async () =>
        {
            var names = await directory.ListFolderAsync(year, at, ct);
            return names is null || (year is not null && names.Count == 0)
                ? null
                : Utf8.GetBytes(CsafFolderPage.Render(year is null ? "white/" : $"white/{year}/", year is not null, names));
        });
        return page is null
            ? Results.NotFound()
            : await CsafResponse.BytesAsync(http, state.ETag, state.LastChange, FolderType, () => Task.FromResult(page));
    }

    private static async Task<IResult> CachedAsync(
        HttpContext http, CsafDirectory directory, CsafListingCache cache, TimeProvider time, string listing, string contentType,
        Func<DateTimeOffset, CancellationToken, Task<byte[]>> render, CancellationToken ct)
    {
        var at = time.GetUtcNow();
        var state = await directory.StateAsync(at, ct);
        // Rendered from the table page by page, once per state: never rebuilt on publication, nor on every request.
        return await CsafResponse.BytesAsync(http, state.ETag, state.LastChange, contentType, () => cache.GetOrRenderAsync(listing, state.ETag, () => render(at, ct)));
    }

    private static async Task<byte[]> TextAsync(Func<TextWriter, DateTimeOffset, CancellationToken, Task> write, DateTimeOffset at, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        await using (var writer = new StreamWriter(buffer, Utf8, bufferSize: 16 * 1024, leaveOpen: true))
        {
            await write(writer, at, ct);
        }

        return buffer.ToArray();
    }

}
