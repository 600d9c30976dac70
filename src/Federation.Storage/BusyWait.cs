using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Federation.Storage;

/// <summary>
/// Sets SQLite's <c>busy_timeout</c> on every connection as it opens, so that a writer that finds the write lock
/// taken (another unit of work of this node committing, a second process on the file) waits inside SQLite, which
/// retries within a millisecond or a few, instead of failing to Microsoft.Data.Sqlite, whose own retry sleeps
/// 150 ms each time. Measured: the operator's embargo call at FR had a p99 of 161 ms without it, 12 ms with it, when
/// another writer of the node held the store (see README, Benchmarks). After <see cref="Milliseconds"/> the driver's own retry
/// takes over, up to the connection's Default Timeout.
/// </summary>
internal sealed class BusyWait : DbConnectionInterceptor
{
    public const int Milliseconds = 5000;

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        // Microsoft.Data.Sqlite runs synchronously whatever the method is called.
        Apply(connection);
        return Task.CompletedTask;
    }

    public static void Apply(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA busy_timeout = {Milliseconds};";
        command.ExecuteNonQuery();
    }
}
