using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Federation.Node.Tests.Publication;

/// <summary>Reads a node's CSAF provider over its public listener, as an aggregator would.</summary>
internal sealed class ProviderFetch(HttpClient client)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async Task<(HttpStatusCode Status, byte[] Body, string? ContentType)> GetAsync(string path)
    {
        using var response = await client.GetAsync(path.TrimStart('/'), Ct);
        return (response.StatusCode, await response.Content.ReadAsByteArrayAsync(Ct), response.Content.Headers.ContentType?.ToString());
    }

    /// <summary>The body of a 200; anything else fails the test with the status.</summary>
    public async Task<byte[]> BytesAsync(string path, string? contentType = null)
    {
        var (status, body, type) = await GetAsync(path);
        Assert.True(status == HttpStatusCode.OK, $"GET {path}: {(int)status}");
        if (contentType is not null)
        {
            Assert.Equal(contentType, type);
        }

        return body;
    }

    public async Task<string> TextAsync(string path, string? contentType = null) => Encoding.UTF8.GetString(await BytesAsync(path, contentType));

    public async Task<JsonNode> JsonAsync(string path) => JsonNode.Parse(await BytesAsync(path, "application/json"))!;

    public async Task<HttpStatusCode> StatusAsync(string path) => (await GetAsync(path)).Status;

    public async Task<string[]> LinesAsync(string path, string contentType) =>
        (await TextAsync(path, contentType)).Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The path part of a URL the provider names (its host is the configured provider URL, not the test's loopback).</summary>
    public static string PathOf(string? url) => new Uri(url!).AbsolutePath;
}
