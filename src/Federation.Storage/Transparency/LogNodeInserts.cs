using System.Data.Common;

namespace Federation.Storage.Transparency;

/// <summary>
/// The tree's node rows, written several to a statement: <c>INSERT INTO LogNodes (Id, Hash) VALUES (…), (…)</c> in a
/// few fixed widths. A commit adds about two nodes per leaf; one statement per node cost Microsoft.Data.Sqlite a
/// reader, a statement walk and a parameter binding each, more than SQLite's own insert. The statements live for one
/// write (prepared, used, disposed): kept across transactions, a stepped statement held SQLite's lock against the
/// store's other connections.
/// </summary>
internal static class LogNodeInserts
{
    /// <summary>Rows per statement, widest first; a commit's nodes take the widest that fit, then narrower ones.</summary>
    public static readonly int[] Widths = [64, 16, 4, 1];

    /// <summary>Writes <paramref name="nodes"/> in the transaction. A key taken already (a second leaf at one index) is refused by the primary key, never overwritten.</summary>
    public static async Task WriteAsync(DbConnection connection, IReadOnlyList<(long Id, byte[] Hash)> nodes, DbTransaction transaction, CancellationToken cancellationToken)
    {
        var at = 0;
        foreach (var width in Widths)
        {
            if (nodes.Count - at < width)
            {
                continue;
            }

            await using var command = await PrepareAsync(connection, transaction, width, cancellationToken);
            while (nodes.Count - at >= width)
            {
                for (var i = 0; i < width; i++)
                {
                    command.Parameters[2 * i].Value = nodes[at + i].Id;
                    command.Parameters[(2 * i) + 1].Value = nodes[at + i].Hash;
                }

                await command.ExecuteNonQueryAsync(cancellationToken);
                at += width;
            }
        }
    }

    private static async Task<DbCommand> PrepareAsync(DbConnection connection, DbTransaction transaction, int width, CancellationToken cancellationToken)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"INSERT INTO LogNodes (Id, Hash) VALUES {string.Join(", ", Enumerable.Range(0, width).Select(i => $"($i{i}, $h{i})"))};";
        for (var i = 0; i < width; i++)
        {
            var id = command.CreateParameter();
            id.ParameterName = $"$i{i}";
            id.DbType = System.Data.DbType.Int64;
            command.Parameters.Add(id);
            var hash = command.CreateParameter();
            hash.ParameterName = $"$h{i}";
            hash.DbType = System.Data.DbType.Binary;
            command.Parameters.Add(hash);
        }

        try
        {
            await command.PrepareAsync(cancellationToken);
            return command;
        }
        catch
        {
            await command.DisposeAsync();
            throw;
        }
    }
}
