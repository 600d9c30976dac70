using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace Federation.Core.Publication;

/// <summary>
/// The provider's white folder as the public reads it (CSAF 2.0 §7.1.11–§7.1.19), rendered from the distribution
/// table, page by page: index.txt, changes.csv, the ROLIE feed, each document with its hashes and signature, and
/// provider-metadata.json. Only what is public at the instant asked about exists: a document before its initial
/// release is unknown, in every file.
/// </summary>
public sealed class CsafDirectory(
    ICsafDistributionStore distribution,
    IPublicationStore publications,
    IAdvisorySigner signer,
    AdvisoryPublisher publisher,
    CsafProviderLocation location)
{
    /// <summary>Rows read per query while a listing is written.</summary>
    public const int PageSize = 500;

    public const string JsonType = "application/json";
    public const string TextType = "text/plain; charset=utf-8";
    public const string CsvType = "text/csv; charset=utf-8";
    public const string SignatureType = "application/pgp-signature";
    public const string KeyType = "application/pgp-keys";

    public Task<CsafDistributionState> StateAsync(DateTimeOffset at, CancellationToken cancellationToken) =>
        distribution.StateAsync(at, cancellationToken);

    /// <summary>Every public entry, newest current release first, read <see cref="PageSize"/> rows at a time.</summary>
    public async IAsyncEnumerable<CsafDistributionEntry> EntriesAsync(DateTimeOffset at, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        CsafDistributionCursor? after = null;
        while (true)
        {
            var page = await distribution.ListPublicAsync(at, after, PageSize, cancellationToken);
            foreach (var entry in page)
            {
                yield return entry;
            }

            if (page.Count < PageSize)
            {
                yield break;
            }

            after = CsafDistributionCursor.After(page[^1]);
        }
    }

    /// <summary>index.txt (§7.1.12): one path per line, relative to the white folder.</summary>
    public async Task WriteIndexAsync(TextWriter writer, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writer);
        await foreach (var entry in EntriesAsync(at, cancellationToken))
        {
            await writer.WriteAsync(entry.Path + "\n");
        }
    }

    /// <summary>changes.csv (§7.1.13): <c>"path","current_release_date"</c> per line, newest first.</summary>
    public async Task WriteChangesAsync(TextWriter writer, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writer);
        await foreach (var entry in EntriesAsync(at, cancellationToken))
        {
            // Paths hold only [+\-a-z0-9_/.] (§5.1), so quoting needs no escaping.
            await writer.WriteAsync($"\"{entry.Path}\",\"{CsafJson.Date(entry.CurrentReleaseDate)}\"\n");
        }
    }

    /// <summary>
    /// What a directory listing shows (§7.1.14: listings are enabled for manual navigation): for the white folder, its
    /// files and year folders; for a year, its documents with their hash and signature files. Null for a year that is not one.
    /// </summary>
    public async Task<IReadOnlyList<string>?> ListFolderAsync(string? year, DateTimeOffset at, CancellationToken cancellationToken)
    {
        if (year is not null && !IsYear(year))
        {
            return null;
        }

        var names = new SortedSet<string>(StringComparer.Ordinal);
        await foreach (var entry in EntriesAsync(at, cancellationToken))
        {
            var folder = entry.Path[..entry.Path.IndexOf('/', StringComparison.Ordinal)];
            if (year is null)
            {
                names.Add(folder + "/");
            }
            else if (folder == year)
            {
                names.UnionWith([entry.FileName, entry.FileName + ".asc", entry.FileName + ".sha256", entry.FileName + ".sha512"]);
            }
        }

        return year is null ? ["changes.csv", CsafProviderLocation.FeedFileName, "index.txt", .. names] : [.. names];
    }

    public async Task<byte[]> FeedAsync(DateTimeOffset at, CancellationToken cancellationToken)
    {
        var state = await distribution.StateAsync(at, cancellationToken);
        var entries = new List<System.Text.Json.Nodes.JsonObject>(state.Count);
        await foreach (var entry in EntriesAsync(at, cancellationToken))
        {
            entries.Add(CsafRolieFeed.Entry(entry, location));
        }

        return CsafRolieFeed.Build(publisher, location, state.LastChange ?? signer.CreatedAt, entries);
    }

    public async Task<byte[]> ProviderMetadataAsync(DateTimeOffset at, CancellationToken cancellationToken)
    {
        var state = await distribution.StateAsync(at, cancellationToken);
        return ProviderMetadataDocument.Build(publisher, location, signer, state.LastChange ?? signer.CreatedAt);
    }

    /// <summary>
    /// One file of a year folder: <c>name.json</c> (the bytes stored at publication, as hashed and signed),
    /// <c>.sha256</c> and <c>.sha512</c> (<c>&lt;hex&gt;  &lt;file name&gt;</c>, as sha256sum writes them) or <c>.asc</c>.
    /// Null for a malformed name, an unknown document or one not public yet.
    /// </summary>
    public async Task<CsafDocumentFile?> FindFileAsync(string year, string fileName, DateTimeOffset at, CancellationToken cancellationToken)
    {
        if (!IsYear(year) || Split(fileName) is not { } split)
        {
            return null;
        }

        var entry = await distribution.FindPublicAsync($"{year}/{split.Document}", at, cancellationToken);
        if (entry is null)
        {
            return null;
        }

        var etag = $"\"{entry.Sha256[..32]}{split.Suffix}\"";
        switch (split.Suffix)
        {
            case ".sha256":
                return Text($"{entry.Sha256}  {entry.FileName}\n", TextType);
            case ".sha512":
                return Text($"{entry.Sha512}  {entry.FileName}\n", TextType);
            case ".asc":
                return Text(entry.Signature, SignatureType);
        }

        var advisory = await publications.FindAdvisoryAsync(entry.TrackingId, cancellationToken);
        return advisory is null ? null : new CsafDocumentFile(advisory.Json, JsonType, entry.CurrentReleaseDate, etag);

        CsafDocumentFile Text(string content, string type) => new(Encoding.UTF8.GetBytes(content), type, entry.CurrentReleaseDate, etag);
    }

    /// <summary>Whether <paramref name="year"/> names a year folder (<c>YYYY</c>, 1970 on): anything else is no folder at all.</summary>
    public static bool IsYear(string year) =>
        year.Length == 4 && year.All(char.IsAsciiDigit) && int.Parse(year, CultureInfo.InvariantCulture) >= 1970;

    private static (string Document, string Suffix)? Split(string fileName)
    {
        if (fileName.Length is 0 or > 200)
        {
            return null;
        }

        foreach (var suffix in new[] { ".json.sha256", ".json.sha512", ".json.asc", ".json" })
        {
            if (fileName.EndsWith(suffix, StringComparison.Ordinal))
            {
                var stem = fileName[..^suffix.Length];
                // Only names §5.1 can produce; anything else is not ours.
                return stem.Length > 0 && stem.All(c => c is '+' or '-' or '_' || char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c))
                    ? (stem + ".json", suffix == ".json" ? string.Empty : suffix[5..])
                    : null;
            }
        }

        return null;
    }
}
