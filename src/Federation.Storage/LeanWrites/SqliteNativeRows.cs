using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using SQLitePCL;

namespace Federation.Storage.LeanWrites;

/// <summary>
/// Lean rows bound straight to SQLite's statement API, on the connection's own handle and inside its open transaction.
/// Through ADO.NET every row cost Microsoft.Data.Sqlite a parameter object per column, a binder per value, a UTF-8 copy
/// of every text, a data reader per execution and a lookup of each parameter by name (SQLite's strncmp over the
/// statement's names): about a fifth of what the share load allocated, and a twentieth of the inbox writer's time.
/// Here each statement is prepared once per write, its parameters are found by name once, and every row binds by
/// position from the values EF's own converters give. Errors are raised as Microsoft.Data.Sqlite raises them
/// (<see cref="SqliteException"/> with SQLite's code), so they are classified and translated as before.
/// </summary>
internal static class SqliteNativeRows
{
    private const int SqliteOk = 0;
    private const int SqliteDone = 101;

    /// <summary>
    /// Writes the rows of one statement; returns how many rows each entry's statement wrote (1, or 0 for an insert whose
    /// first write stands), in the order of <paramref name="entries"/>.
    /// </summary>
    public static int[] Write(SqliteConnection connection, LeanRowPlan plan, string sql, bool added, IReadOnlyList<EntityEntry> entries)
    {
        var rows = new int[entries.Count];
        if (entries.Count == 0)
        {
            return rows;
        }

        var db = connection.Handle ?? throw new InvalidOperationException("The store's connection is not open.");
        var rc = raw.sqlite3_prepare_v2(db, sql, out var statement);
        if (rc != SqliteOk)
        {
            statement?.Dispose();
            SqliteException.ThrowExceptionForRC(rc, db);
        }

        // SQLite gives no statement for a text with none in it; a plan's text always has one.
        if (statement is null || statement.IsInvalid)
        {
            throw new InvalidOperationException($"SQLite made no statement of: {sql}");
        }

        using (statement)
        {
            // Every entry of a group binds the same columns: one statement text is one set of changed columns.
            var columns = added ? plan.Columns : plan.UpdateColumns(entries[0]);
            var positions = new int[columns.Count];
            for (var i = 0; i < columns.Count; i++)
            {
                positions[i] = raw.sqlite3_bind_parameter_index(statement, columns[i].Parameter);
                if (positions[i] <= 0)
                {
                    throw new InvalidOperationException($"The statement has no parameter {columns[i].Parameter}: {sql}");
                }
            }

            try
            {
                for (var e = 0; e < entries.Count; e++)
                {
                    var entity = entries[e].Entity;
                    for (var i = 0; i < columns.Count; i++)
                    {
                        Check(Bind(statement, positions[i], columns[i], columns[i].ProviderValue(entity)), db);
                    }

                    rc = raw.sqlite3_step(statement);
                    if (rc != SqliteDone)
                    {
                        SqliteException.ThrowExceptionForRC(rc, db);
                    }

                    rows[e] = raw.sqlite3_changes(db);
                    raw.sqlite3_reset(statement);
                }
            }
            finally
            {
                // A statement left stepped would hold its read of the store past this write.
                raw.sqlite3_reset(statement);
            }
        }

        return rows;
    }

    private static int Bind(sqlite3_stmt statement, int position, LeanRowPlan.Column column, object? value)
    {
        switch (value)
        {
            case null or DBNull:
                return raw.sqlite3_bind_null(statement, position);
            case string text when text.Length == 0:
                // SQLite binds a text without an address as NULL, and an empty span may have none. SQLitePCL pins it with one
                // today (LeanRowsTests would see a NULL); the empty string is bound with its terminator so as not to rely on that.
                return raw.sqlite3_bind_text(statement, position, string.Empty);
            case string text when text.AsSpan().ContainsAnyInRange('\uD800', '\uDFFF'):
                // A lone surrogate (a pair cut by a truncation, or sent so by a partner): .NET's UTF-8 encoder writes U+FFFD for
                // it, as the audit hash and commitment were computed, while this SQLite build's UTF-16 converter would pair it
                // with the next character or keep invalid bytes. Text with any surrogate is encoded by .NET, as
                // Microsoft.Data.Sqlite encodes it.
                return raw.sqlite3_bind_text(statement, position, text);
            case string text:
                return raw.sqlite3_bind_text16(statement, position, text.AsSpan());
            case byte[] { Length: 0 }:
                // The same for an empty blob, bound as Microsoft.Data.Sqlite binds it: a zero-length blob, not NULL.
                return raw.sqlite3_bind_zeroblob(statement, position, 0);
            case byte[] bytes:
                return raw.sqlite3_bind_blob(statement, position, bytes);
            case bool flag:
                return raw.sqlite3_bind_int64(statement, position, flag ? 1 : 0);
            case double real when double.IsNaN(real):
            case float single when float.IsNaN(single):
                // SQLite would store NaN as NULL; Microsoft.Data.Sqlite refuses it, and so does this path.
                throw new InvalidOperationException($"Column {column.Name} has the value NaN, which SQLite cannot store.");
            case double real:
                return raw.sqlite3_bind_double(statement, position, real);
            case float real:
                return raw.sqlite3_bind_double(statement, position, real);
            case long or int or short or byte or sbyte or ushort or uint:
                return raw.sqlite3_bind_int64(statement, position, Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture));
            default:
                // The plan admits only the types above (LeanRowPlan.BindsNatively); anything else is a mapping this code was not written for.
                throw new InvalidOperationException($"Column {column.Name} has a value of type {value.GetType()}, which the native path does not bind.");
        }
    }

    private static void Check(int rc, sqlite3 db)
    {
        if (rc != SqliteOk)
        {
            SqliteException.ThrowExceptionForRC(rc, db);
        }
    }
}
