using Federation.Core.Cases;
using Federation.Core.Intake;
using Federation.Storage;
using Federation.Testing;
using Microsoft.EntityFrameworkCore;

namespace Federation.Node.Tests.Intake;

/// <summary>A real node (FR, with a partner DE since a treaty needs two) and its public listener, its rate limit raised so the tests of a class do not meet it.</summary>
public sealed class IntakeNodeFixture : IAsyncLifetime
{
    private TestFederation? _federation;

    public TestNode Node => _federation?["FR"] ?? throw new InvalidOperationException("The fixture is not initialized.");

    public async ValueTask InitializeAsync() =>
        _federation = await TestFederation.StartAsync(["FR", "DE"], extraSettings: new Dictionary<string, string?>
        {
            ["Federation:Intake:PermitsPerWindow"] = "100000",
        }, cancellationToken: TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_federation is not null)
        {
            await _federation.DisposeAsync();
        }
    }

    /// <summary>How many cases the node holds, read from its store.</summary>
    public Task<int> CaseCountAsync() => ReadAsync(db => db.Cases.CountAsync(TestContext.Current.CancellationToken));

    public Task<Case> CaseAsync(string id) => ReadAsync(db => db.Cases.AsNoTracking().SingleAsync(c => c.Id == id, TestContext.Current.CancellationToken));

    public Task<IntakeReport> ReportAsync(string id) =>
        ReadAsync(db => db.Set<IntakeReport>().AsNoTracking().SingleAsync(r => r.CaseId == id, TestContext.Current.CancellationToken));

    public async Task<T> ReadAsync<T>(Func<FederationDbContext, Task<T>> read)
    {
        await using var scope = Node.Services.CreateAsyncScope();
        return await read(scope.ServiceProvider.GetRequiredService<FederationDbContext>());
    }
}
