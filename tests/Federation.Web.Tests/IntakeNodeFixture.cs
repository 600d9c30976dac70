using Federation.Storage;
using Federation.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Federation.Web.Tests;

/// <summary>A real node (FR, partnered with DE) whose intake rate limit is raised: the browser tests post a dozen forms.</summary>
public sealed class IntakeNodeFixture : IAsyncLifetime
{
    private TestFederation? _federation;

    public TestNode Node => _federation?["FR"] ?? throw new InvalidOperationException("The fixture is not initialized.");

    public string BaseAddress => Node.PublicAddress! + "/";

    public async ValueTask InitializeAsync() =>
        _federation = await TestFederation.StartAsync(["FR", "DE"], extraSettings: new Dictionary<string, string?>
        {
            ["Federation:Intake:PermitsPerWindow"] = "1000",
        }, cancellationToken: TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_federation is not null)
        {
            await _federation.DisposeAsync();
        }
    }

    public async Task<Federation.Core.Cases.Case?> FindCaseByTitleAsync(string title)
    {
        await using var scope = Node.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<FederationDbContext>().Cases.AsNoTracking()
            .FirstOrDefaultAsync(c => c.Title == title, TestContext.Current.CancellationToken);
    }
}
