using System.Net;
using Federation.Node.Public.Intake;
using Federation.Node.Tests.Intake;
using Federation.Testing;
using Microsoft.AspNetCore.Hosting;

namespace Federation.Node.Tests;

/// <summary>
/// A request that fails unexpectedly on the public face, on a node in the Development environment (where the host
/// adds the developer exception page): a fixed page or problem+json, status 500, no stack trace or exception text.
/// </summary>
public sealed class PublicErrorHandlerTests
{
    private const string Secret = "secret-detail-of-the-failure";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task UnexpectedFailure_InDevelopment_Generic500PageOrProblemWithoutStackTrace()
    {
        using var folder = new TempDirectory();
        var pki = new TestPki(folder.Combine("pki"));
        pki.Ca("FR");
        pki.Ca("DE");
        TreatyFiles.Write(folder.Combine("treaties"), "t.yaml", TreatyFiles.Yaml("t", ["FR", "DE"]));
        await using var node = await TestNode.StartAsync("FR", pki, folder.Path, ["DE"], folder.Combine("treaties"),
            services: s =>
            {
                // ASPNETCORE_ENVIRONMENT=Development for this node only: the host's environment object, read when the
                // pipeline is built (where the developer exception page is added), is the one registered here.
                var environment = (IWebHostEnvironment)s.Single(d => d.ServiceType == typeof(IWebHostEnvironment)).ImplementationInstance!;
                environment.EnvironmentName = "Development";
                // A real failure in the pages and the API alike: the intake's batcher cannot be made.
                s.AddSingleton<IntakeBatcher>(_ => throw new InvalidOperationException(Secret));
            },
            cancellationToken: Ct);
        Assert.True(node.Services.GetRequiredService<IWebHostEnvironment>().EnvironmentName == "Development");
        using var client = node.CreatePublicClient();

        using var page = await client.GetAsync("en/report", Ct);
        var html = await page.Content.ReadAsStringAsync(Ct);
        using var api = await IntakeRequests.SubmitAsync(client, IntakeRequests.Report());
        var problem = await api.Content.ReadAsStringAsync(Ct);
        using var healthy = await client.GetAsync("en/report/status", Ct);

        Assert.Equal(HttpStatusCode.InternalServerError, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Equal(Federation.Node.Public.PublicErrorHandler.Html, html);
        Assert.Equal("default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
            page.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal(HttpStatusCode.InternalServerError, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
        foreach (var body in new[] { html, problem })
        {
            Assert.DoesNotContain(Secret, body, StringComparison.Ordinal);
            Assert.DoesNotContain("InvalidOperationException", body, StringComparison.Ordinal);
            Assert.DoesNotContain(" at ", body, StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.OK, healthy.StatusCode);
    }
}
