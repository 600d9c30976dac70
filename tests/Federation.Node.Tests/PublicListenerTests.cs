using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Federation.Node.Hosting;
using Federation.Node.Public;
using Federation.Testing;

namespace Federation.Node.Tests;

/// <summary>
/// The public listener: its own port and certificate, pages in six languages with lang and dir, strict security
/// headers on every response, and no way across to the gRPC services (nor from them to the pages).
/// </summary>
public sealed class PublicListenerTests : IAsyncLifetime
{
    private TempDirectory _folder = null!;
    private TestNode _node = null!;

    public async ValueTask InitializeAsync()
    {
        _folder = new TempDirectory();
        var pki = new TestPki(_folder.Combine("pki"));
        pki.Ca("FR");
        pki.Ca("DE");
        TreatyFiles.Write(_folder.Combine("treaties"), "t.yaml", TreatyFiles.Yaml("t", ["FR", "DE"]));
        _node = await TestNode.StartAsync("FR", pki, _folder.Path, ["DE"], _folder.Combine("treaties"), cancellationToken: TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _node.DisposeAsync();
        _folder.Dispose();
    }

    [Theory]
    [InlineData("en", "ltr")]
    [InlineData("fr", "ltr")]
    [InlineData("de", "ltr")]
    [InlineData("es", "ltr")]
    [InlineData("ja", "ltr")]
    [InlineData("ar", "rtl")]
    public async Task Home_EachLanguage_LangDirAndTranslatedHeading(string lang, string dir)
    {
        using var client = _node.CreatePublicClient();

        using var response = await client.GetAsync($"{lang}/", TestContext.Current.CancellationToken);
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains($"<html lang=\"{lang}\" dir=\"{dir}\">", html, StringComparison.Ordinal);
        var heading = new Microsoft.Extensions.Localization.ResourceManagerStringLocalizerFactory(
                Microsoft.Extensions.Options.Options.Create(new Microsoft.Extensions.Localization.LocalizationOptions()),
                Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance)
            .Create(typeof(Federation.Node.Public.Resources.PublicText));
        var previous = System.Globalization.CultureInfo.CurrentUICulture;
        System.Globalization.CultureInfo.CurrentUICulture = System.Globalization.CultureInfo.GetCultureInfo(lang);
        try
        {
            Assert.Contains($"<h1>{heading["HomeHeading"].Value}</h1>", WebUtility.HtmlDecode(html), StringComparison.Ordinal);
            Assert.False(heading["HomeHeading"].ResourceNotFound);
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentUICulture = previous;
        }

        // Every language links to every other, each link marked with its own language.
        foreach (var other in PublicCultures.All)
        {
            Assert.Contains($"href=\"/{other}/\" lang=\"{other}\"", html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task EveryResponse_StrictSecurityHeaders()
    {
        using var client = _node.CreatePublicClient();
        foreach (var path in new[] { "en/", "static/site.css", "no/such/page" })
        {
            using var response = await client.GetAsync(path, TestContext.Current.CancellationToken);

            Assert.Equal(SecurityHeadersMiddleware.ContentSecurityPolicy, string.Join(",", response.Headers.GetValues("Content-Security-Policy")));
            Assert.Equal("nosniff", string.Join(",", response.Headers.GetValues("X-Content-Type-Options")));
            Assert.Equal("DENY", string.Join(",", response.Headers.GetValues("X-Frame-Options")));
            Assert.Equal("no-referrer", string.Join(",", response.Headers.GetValues("Referrer-Policy")));
            Assert.StartsWith("max-age=", string.Join(",", response.Headers.GetValues("Strict-Transport-Security")), StringComparison.Ordinal);
            Assert.False(response.Headers.Contains("Server"), "the server header names the software to an attacker");
        }
    }

    [Fact]
    public async Task Pages_NoInlineStyleOrScript_SoTheCspBreaksNothing()
    {
        using var client = _node.CreatePublicClient();

        var html = await client.GetStringAsync("ar/", TestContext.Current.CancellationToken);

        Assert.DoesNotContain("style=", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<style", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task StaticStylesheet_ServedAsCss()
    {
        using var client = _node.CreatePublicClient();

        using var response = await client.GetAsync("static/site.css", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/css", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(".visually-hidden", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ja,en;q=0.5", "/ja/")]
    [InlineData("ar-EG", "/ar/")]
    [InlineData("pt-BR, de;q=0.3", "/de/")]
    [InlineData("pt-BR", "/en/")]
    public async Task Root_RedirectsToTheReadersLanguage(string acceptLanguage, string expected)
    {
        using var client = _node.CreatePublicClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.TryAddWithoutValidation("Accept-Language", acceptLanguage);

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(expected, response.Headers.Location?.OriginalString);
        Assert.Contains("Accept-Language", response.Headers.Vary);
    }

    [Theory]
    [InlineData("xx/")]
    [InlineData("EN/")]
    [InlineData("en-US/")]
    public async Task UnknownLanguage_NotFound(string path)
    {
        using var client = _node.CreatePublicClient();

        using var response = await client.GetAsync(path, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("/federation.v1.CaseAdmin/ListCases")]
    [InlineData("/federation.v1.Peer/Deliver")]
    [InlineData("/grpc.health.v1.Health/Check")]
    [InlineData("/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo")]
    [InlineData("/GRPC.reflection.v1alpha.ServerReflection/ServerReflectionInfo")]
    [InlineData("/FEDERATION.v1.CaseAdmin/ListCases")]
    [InlineData("/Federation.V1.Peer/Deliver")]
    [InlineData("/grpc.HEALTH.v1.Health/Check")]
    public async Task GrpcServices_NotServedOnThePublicListener(string path)
    {
        using var client = _node.CreatePublicClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Version = HttpVersion.Version20, Content = new ByteArrayContent([0, 0, 0, 0, 0]) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.False(response.Headers.Contains("grpc-status") || response.TrailingHeaders.Contains("grpc-status"));
    }

    [Fact]
    public async Task Pages_NotServedOnTheAdminListener()
    {
        using var client = new HttpClient { DefaultRequestVersion = HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };

        using var response = await client.GetAsync($"{_node.AdminAddress}/en/", TestContext.Current.CancellationToken);
        await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);

        var status = response.Headers.TryGetValues("grpc-status", out var values) ? values.Single()
            : response.TrailingHeaders.TryGetValues("grpc-status", out var trailing) ? trailing.Single() : null;
        Assert.Equal("12", status); // UNIMPLEMENTED: the admin port serves the admin services only.
    }

    [Fact]
    public async Task PublicCertificate_IsNotTheFederationIdentity()
    {
        System.Security.Cryptography.X509Certificates.X509Certificate2? seen = null;
        using var handler = new SocketsHttpHandler
        {
            SslOptions = new System.Net.Security.SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                {
                    seen = certificate is null ? null : System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
                    return true;
                },
            },
        };
        using var client = new HttpClient(handler);

        using var response = await client.GetAsync($"{_node.PublicAddress}/en/", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(seen);
        Assert.Empty(Federation.Core.Identity.JurisdictionUri.Read(seen));
        Assert.NotEqual(_node.Services.GetRequiredService<NodeRuntime>().Certificate.Thumbprint, seen.Thumbprint);
        seen.Dispose();
    }

    [Fact]
    public async Task EndpointsFile_NamesThePublicListener()
    {
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_node.DataDirectory, EndpointsFile.FileName), TestContext.Current.CancellationToken));

        Assert.Equal(_node.PublicAddress, json.RootElement.GetProperty("public").GetString());
        Assert.Equal(_node.PeerAddress, json.RootElement.GetProperty("peer").GetString());
        Assert.NotEqual(json.RootElement.GetProperty("peer").GetString(), json.RootElement.GetProperty("public").GetString());
    }
}
