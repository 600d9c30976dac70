using Federation.Core;
using Microsoft.Data.Sqlite;

namespace Federation.Storage;

/// <summary>Turns SQLite failures into domain errors a caller can act on; nothing half-written stays.</summary>
public static class StoreErrors
{
    public static FederationException Translate(SqliteException sqlite, Exception original) => sqlite.SqliteErrorCode switch
    {
        // SQLITE_CONSTRAINT: a unique key already holds this row (e.g. a concurrent redelivery).
        19 => new FederationException(ErrorCode.AlreadyExists, "The store already holds this record.") { Source = original.Source },
        // SQLITE_FULL: the disk or the database size limit is reached. The transaction rolled back.
        13 => new FederationException(ErrorCode.ResourceExhausted, "The node's store is full; the change was not saved. Free disk space and retry."),
        // SQLITE_BUSY / SQLITE_LOCKED: another writer held the database too long.
        5 or 6 => new FederationException(ErrorCode.Unavailable, "The node's store is busy; retry shortly."),
        // SQLITE_READONLY / SQLITE_CANTOPEN / SQLITE_IOERR: the data folder is not writable or the disk failed.
        8 or 14 or 10 => new FederationException(ErrorCode.Unavailable, "The node's store cannot be written (read-only or I/O error); the change was not saved."),
        _ => new FederationException(ErrorCode.Unavailable, $"The node's store failed (SQLite error {sqlite.SqliteErrorCode}); the change was not saved."),
    };
}
