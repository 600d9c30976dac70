using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Federation.Storage;

/// <summary>
/// Caps the store at a size the operator chose (SQLite's <c>max_page_count</c>, set on every
/// connection as it opens): a node that would grow past it refuses the write with
/// RESOURCE_EXHAUSTED, exactly as on a full disk, instead of filling a volume it shares with the
/// system and its logs. Nothing already stored is touched; the write-ahead log is not counted.
/// </summary>
internal sealed class StoreSizeLimit(long maxBytes) : DbConnectionInterceptor
{
    // Read once; a benign race at worst reads it twice.
    private long _pageSize;

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
        if (_pageSize == 0)
        {
            // The page size of a database does not change once it holds data (this project never VACUUMs into another).
            command.CommandText = "PRAGMA page_size;";
            _pageSize = Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        }

        command.CommandText = $"PRAGMA max_page_count = {Math.Max(1, maxBytes / _pageSize)};";
        command.ExecuteNonQuery();
    }
}
