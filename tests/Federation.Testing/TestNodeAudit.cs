using Federation.Core.Transparency;
using Federation.Node.Transparency;
using Microsoft.Extensions.DependencyInjection;

namespace Federation.Testing;

/// <summary>A test node's transparency log, reached the way the node itself does.</summary>
public static class TestNodeAudit
{
    /// <summary>Signs a checkpoint of the log's head now (the worker does it every interval), as the worker would.</summary>
    public static Task<CheckpointOutcome> SignCheckpointAsync(this TestNode node, CancellationToken cancellationToken) =>
        node.Services.GetRequiredService<CheckpointWorker>().SignOnceAsync(force: false, cancellationToken);

    public static async Task<LogHead> LogHeadAsync(this TestNode node, CancellationToken cancellationToken)
    {
        await using var scope = node.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ITransparencyLog>().HeadAsync(cancellationToken);
    }

    /// <summary>
    /// Changes one leaf's row behind the node's back, as someone with the database file would: the tree's nodes
    /// stay as they were, so the leaf no longer hashes to what was committed.
    /// </summary>
    public static async Task RewriteLeafAsync(this TestNode node, long index, CancellationToken cancellationToken)
    {
        var connectionString = node.Services.GetRequiredService<Federation.Node.Hosting.NodeRuntime>().ConnectionString;
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE Audit SET Outcome = 'rewritten' WHERE Sequence = $sequence";
        command.Parameters.AddWithValue("$sequence", index + 1);
        var changed = await command.ExecuteNonQueryAsync(cancellationToken);
        if (changed != 1)
        {
            throw new InvalidOperationException($"Leaf {index} has no row to rewrite ({changed} changed).");
        }
    }
}
