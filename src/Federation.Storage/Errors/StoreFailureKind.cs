namespace Federation.Storage.Errors;

/// <summary>What went wrong in the store, in words no provider owns (SQLite and PostgreSQL both have each).</summary>
public enum StoreFailureKind
{
    /// <summary>A unique key or primary key already holds this value (SQLite 2067/1555, PostgreSQL 23505).</summary>
    Duplicate,

    /// <summary>A row refers to one that does not exist (SQLite 787, PostgreSQL 23503).</summary>
    MissingReference,

    /// <summary>A required column was empty or a CHECK refused the row (SQLite 1299/275, PostgreSQL 23502/23514): a defect of this node.</summary>
    IncompleteRecord,

    /// <summary>The disk or the configured size cap is full (SQLite 13, PostgreSQL 53100).</summary>
    Full,

    /// <summary>Another writer held the store too long (SQLite 5/6, PostgreSQL 55P03/40001).</summary>
    Busy,

    /// <summary>The store cannot be opened or written: read-only, I/O error, missing (SQLite 8/10/14, PostgreSQL 08xxx).</summary>
    Unwritable,

    /// <summary>Any other failure the provider reported.</summary>
    Other,
}
