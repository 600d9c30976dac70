using System.Data.Common;
using Microsoft.EntityFrameworkCore;

namespace Federation.Storage;

/// <summary>
/// Erases from the store's files what committed deletes left behind. <see cref="SecureDelete"/> zeroes
/// the freed bytes in the pages it writes, but in WAL mode those pages go to <c>federation.db-wal</c>,
/// next to the older images of the same pages (the withdrawn content among them), and SQLite's own
/// checkpoints copy pages into the database without ever shrinking the log. A TRUNCATE checkpoint
/// copies every committed page into the database and then cuts the log to zero bytes; the shared-memory
/// index (<c>-shm</c>) holds page numbers and checksums only.
/// </summary>
public sealed class StoreErasure(IDbContextFactory<FederationDbContext> factory)
{
    /// <summary>How long one attempt waits (SQLite's busy handler) for readers of the log and the writer to finish.</summary>
    public static readonly TimeSpan ReaderWait = TimeSpan.FromSeconds(1);

    /// <summary>
    /// One attempt: true when the log was checkpointed in full and truncated, false when a reader or the
    /// writer still held it after <see cref="ReaderWait"/> (try again later; nothing is lost either way).
    /// </summary>
    public async Task<bool> TruncateWriteAheadLogAsync(CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync(cancellationToken);
        try
        {
            // The driver retries only errors; a blocked checkpoint is a result row (busy = 1), so SQLite's
            // own busy handler does the bounded waiting here, and is set back to the store's own wait (BusyWait) before the connection goes back to the pool.
            await ExecuteAsync(connection, $"PRAGMA busy_timeout = {(int)ReaderWait.TotalMilliseconds};", cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            // Columns: busy (1 when blocked), frames in the log, frames checkpointed; -1 when not in WAL mode.
            return await reader.ReadAsync(cancellationToken) && reader.GetInt64(0) == 0;
        }
        finally
        {
            await ExecuteAsync(connection, $"PRAGMA busy_timeout = {BusyWait.Milliseconds};", CancellationToken.None);
        }
    }

    private static async Task ExecuteAsync(DbConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
