using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Federation.Storage;

/// <summary>
/// A SQLite setting that belongs to the connection, not to the file: run on every connection as it opens (also each
/// time a pooled one is opened again), so that no unit of work runs without it.
/// </summary>
internal abstract class ConnectionPragma : DbConnectionInterceptor
{
    /// <summary>The statement for <paramref name="connection"/>, e.g. <c>PRAGMA secure_delete = ON;</c>.</summary>
    protected abstract string StatementFor(DbConnection connection);

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        // Microsoft.Data.Sqlite runs synchronously whatever the method is called.
        Apply(connection);
        return Task.CompletedTask;
    }

    private void Apply(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = StatementFor(connection);
        command.ExecuteNonQuery();
    }
}
