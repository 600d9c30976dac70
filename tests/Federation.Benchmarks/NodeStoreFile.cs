using Federation.Core.Abstractions;
using Federation.Core.Delivery;
using Federation.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Federation.Benchmarks;

/// <summary>
/// A node process's SQLite store opened from the load tool's process with the node's own storage library, as the node
/// opens it (same stores, same unit of work). SQLite locks across processes (WAL, BEGIN IMMEDIATE for writes), so rows
/// committed here are what the node's dispatcher finds on its next look, exactly as if the node had queued them itself.
/// </summary>
internal sealed class NodeStoreFile : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    public NodeStoreFile(string databasePath)
    {
        // The node's own connection string for its default file (NodeBootstrap).
        _services = new ServiceCollection()
            .AddFederationStorage($"Data Source={databasePath};Pooling=True;Default Timeout=30")
            .BuildServiceProvider();
    }

    /// <summary>Queues the messages (outbox row and catch-up line each, as the node's outbox does) and commits them in one transaction.</summary>
    public async Task EnqueueAsync(IEnumerable<OutboxMessage> messages, CancellationToken cancellationToken)
    {
        await using var scope = _services.CreateAsyncScope();
        var outbox = scope.ServiceProvider.GetRequiredService<IOutbox>();
        foreach (var message in messages)
        {
            outbox.Enqueue(message);
        }

        await scope.ServiceProvider.GetRequiredService<IUnitOfWork>().SaveChangesAsync(cancellationToken);
    }

    /// <summary>How many outbox messages are pending and how many failed for good.</summary>
    public async Task<(int Pending, int Failed)> OutboxStatesAsync(CancellationToken cancellationToken)
    {
        await using var scope = _services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FederationDbContext>();
        var pending = await db.Outbox.CountAsync(m => m.State == DeliveryState.Pending, cancellationToken);
        var failed = await db.Outbox.CountAsync(m => m.State == DeliveryState.Failed, cancellationToken);
        return (pending, failed);
    }

    /// <summary>Messages that needed more than one attempt, and a few of their last errors.</summary>
    public async Task<(int Count, IReadOnlyList<string?> Errors)> RetriedAsync(CancellationToken cancellationToken)
    {
        await using var scope = _services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FederationDbContext>();
        var count = await db.Outbox.CountAsync(m => m.Attempts > 1, cancellationToken);
        var errors = await db.Outbox.Where(m => m.Attempts > 1).Select(m => m.LastError).Take(3).ToListAsync(cancellationToken);
        return (count, errors);
    }

    public async Task<int> AuditCountAsync(string kind, CancellationToken cancellationToken)
    {
        await using var scope = _services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<FederationDbContext>().Audit.CountAsync(a => a.Kind == kind, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        // Pooled connections keep the file open (and WAL readers pinned) until cleared.
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }
}
