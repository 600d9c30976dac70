using Microsoft.Data.Sqlite;

namespace Federation.Storage.Errors;

/// <summary>SQLite's result codes (https://sqlite.org/rescode.html); constraints are told apart by their extended code.</summary>
public sealed class SqliteErrorClassifier : IStoreErrorClassifier
{
    private const int Constraint = 19;
    private const int ConstraintCheck = 275;
    private const int ConstraintForeignKey = 787;
    private const int ConstraintNotNull = 1299;
    private const int ConstraintPrimaryKey = 1555;
    private const int ConstraintUnique = 2067;

    public StoreFailure? Classify(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is SqliteException sqlite)
            {
                return Classify(sqlite);
            }
        }

        return null;
    }

    private static StoreFailure Classify(SqliteException sqlite)
    {
        var kind = sqlite.SqliteErrorCode switch
        {
            Constraint => sqlite.SqliteExtendedErrorCode switch
            {
                ConstraintUnique or ConstraintPrimaryKey => StoreFailureKind.Duplicate,
                ConstraintForeignKey => StoreFailureKind.MissingReference,
                ConstraintNotNull or ConstraintCheck => StoreFailureKind.IncompleteRecord,
                // Triggers, rowid and the rest: a rule of the schema refused the row, which callers cannot cause.
                _ => StoreFailureKind.IncompleteRecord,
            },
            13 => StoreFailureKind.Full,
            5 or 6 => StoreFailureKind.Busy,
            8 or 10 or 14 => StoreFailureKind.Unwritable,
            _ => StoreFailureKind.Other,
        };
        var code = sqlite.SqliteExtendedErrorCode != 0 ? sqlite.SqliteExtendedErrorCode : sqlite.SqliteErrorCode;
        return new StoreFailure(kind, $"SQLite {code}", kind == StoreFailureKind.Duplicate ? UniqueColumns(sqlite.Message) : null);
    }

    /// <summary>
    /// SQLite names a unique violation by the index's columns, not its name: "UNIQUE constraint failed: LogForks.Log"
    /// (for an index on expressions: "index 'name'").
    /// </summary>
    private static string? UniqueColumns(string message)
    {
        const string Prefix = "UNIQUE constraint failed: ";
        var start = message.IndexOf(Prefix, StringComparison.Ordinal);
        if (start < 0)
        {
            return null;
        }

        var rest = message[(start + Prefix.Length)..];
        var end = rest.IndexOf('\'', StringComparison.Ordinal);
        return (end < 0 ? rest : rest[..end]).Trim();
    }
}
