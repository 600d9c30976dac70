using Federation.Core.Audit;
using Microsoft.Data.Sqlite;

namespace Federation.Testing;

/// <summary>
/// Audit records as a store kept them before the transparency log: sealed into the linear SHA-256 chain only, written
/// with plain SQL and no leaf column, for the backfill to find.
/// </summary>
public static class OldAuditChain
{
    /// <summary>Writes records 1 to count; <paramref name="detailOf"/> gives record i its detail (null: none), by default "fields=title; n=i".</summary>
    public static async Task WriteAsync(
        string connectionString, int count, TimeProvider clock, CancellationToken cancellationToken, Func<int, string?>? detailOf = null)
    {
        var previous = AuditEntry.GenesisHash;
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction();
        await using var insert = connection.CreateCommand();
        insert.CommandText = """
            INSERT INTO Audit (Id, Sequence, At, Kind, Actor, Subject, Outcome, Detail, PreviousHash, Hash)
            VALUES ($id, $sequence, $at, $kind, 'operator', $subject, 'ok', $detail, $previous, $hash);
            """;
        for (var i = 1; i <= count; i++)
        {
            var entry = AuditEntry.Create(clock, AuditKinds.CaseUpdated, "operator", $"FR-{i}", "ok", detailOf is null ? $"fields=title; n={i}" : detailOf(i));
            entry.Seal(i, previous);
            previous = entry.Hash;
            insert.Parameters.Clear();
            insert.Parameters.AddWithValue("$id", entry.Id);
            insert.Parameters.AddWithValue("$sequence", i);
            insert.Parameters.AddWithValue("$at", entry.At.UtcTicks);
            insert.Parameters.AddWithValue("$kind", entry.Kind);
            insert.Parameters.AddWithValue("$subject", entry.Subject);
            insert.Parameters.AddWithValue("$detail", (object?)entry.Detail ?? DBNull.Value);
            insert.Parameters.AddWithValue("$previous", entry.PreviousHash);
            insert.Parameters.AddWithValue("$hash", entry.Hash);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>What someone with the file could do to an old record: change its detail and leave its hash.</summary>
    public static async Task AlterAsync(string connectionString, long sequence, CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var update = connection.CreateCommand();
        update.CommandText = "UPDATE Audit SET Detail = 'fields=nothing' WHERE Sequence = $sequence;";
        update.Parameters.AddWithValue("$sequence", sequence);
        if (await update.ExecuteNonQueryAsync(cancellationToken) != 1)
        {
            throw new InvalidOperationException($"No audit record {sequence} to alter.");
        }
    }
}
