using System.Data.Common;

namespace Federation.Storage;

/// <summary>
/// Caps the store at a size the operator chose (SQLite's <c>max_page_count</c>, set on every
/// connection as it opens): a node that would grow past it refuses the write with
/// RESOURCE_EXHAUSTED, exactly as on a full disk, instead of filling a volume it shares with the
/// system and its logs. Nothing already stored is touched; the write-ahead log is not counted.
/// </summary>
internal sealed class StoreSizeLimit(long maxBytes) : ConnectionPragma
{
    // Read once; a benign race at worst reads it twice.
    private long _pageSize;

    protected override string StatementFor(DbConnection connection)
    {
        if (_pageSize == 0)
        {
            // The page size of a database does not change once it holds data (this project never VACUUMs into another).
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA page_size;";
            _pageSize = Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        }

        return $"PRAGMA max_page_count = {Math.Max(1, maxBytes / _pageSize)};";
    }
}
