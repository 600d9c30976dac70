using System.Data.Common;
using Federation.Core.Audit;
using Federation.Transparency;

namespace Federation.Storage.Transparency;

/// <summary>
/// Appends leaves to the log inside the caller's store transaction: reads the head row, seals the entries in order
/// (sequence, older chain, leaf), writes the complete subtrees they finish and the new head. Plain prepared ADO.NET
/// commands on the context's connection: this is on every share's path, and EF's change tracking would cost more
/// than the hashing.
/// </summary>
internal static class LogAppender
{
    public static async Task<LogState> ReadHeadAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT Size, Frontier, ChainHash FROM LogHead WHERE Id = 1;";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return new LogState(MerkleFrontier.Empty, AuditEntry.GenesisHash);
        }

        var frontier = MerkleFrontier.FromBytes((byte[])reader.GetValue(1));
        if (frontier.Size != reader.GetInt64(0))
        {
            throw new InvalidDataException($"The log's head row says {reader.GetInt64(0)} leaves but its frontier holds {frontier.Size}: the store is damaged.");
        }

        return new LogState(frontier, reader.GetString(2));
    }

    /// <summary>
    /// Seals <paramref name="entries"/> after the head and stages their leaves and nodes; the caller commits. Without
    /// <paramref name="writeNodes"/> (a load tool's baseline node only) the head still advances, so that sequences and
    /// the frontier stay consistent, but no node rows are written.
    /// </summary>
    public static async Task AppendAsync(
        DbConnection connection, DbTransaction transaction, IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken, bool writeNodes = true)
    {
        var state = await ReadHeadAsync(connection, transaction, cancellationToken);
        var chain = state.ChainHash;
        var nodes = new List<(NodeAddress Address, byte[] Hash)>(entries.Count * 2);
        foreach (var entry in entries)
        {
            entry.Seal(state.Frontier.Size + 1, chain);
            chain = entry.Hash;
            nodes.AddRange(state.Frontier.Append(entry.LeafHash!));
        }

        await WriteAsync(connection, transaction, writeNodes ? nodes : [], state with { ChainHash = chain }, cancellationToken);
    }

    /// <summary>Adds leaves already sealed (a migrated store's entries, in sequence order) to the tree.</summary>
    public static IReadOnlyCollection<(NodeAddress Address, byte[] Hash)> Extend(MerkleFrontier frontier, IEnumerable<byte[]> leafHashes) =>
        [.. leafHashes.SelectMany(frontier.Append)];

    public static async Task WriteAsync(
        DbConnection connection, DbTransaction transaction, IReadOnlyCollection<(NodeAddress Address, byte[] Hash)> nodes, LogState state,
        CancellationToken cancellationToken)
    {
        if (nodes.Count > 0)
        {
            await LogNodeInserts.WriteAsync(connection, [.. nodes.Select(n => (LogNodeKey.Of(n.Address), n.Hash))], transaction, cancellationToken);
        }

        await using var head = connection.CreateCommand();
        head.Transaction = transaction;
        head.CommandText = """
            INSERT INTO LogHead (Id, Size, Frontier, ChainHash) VALUES (1, $size, $frontier, $chain)
            ON CONFLICT (Id) DO UPDATE SET Size = excluded.Size, Frontier = excluded.Frontier, ChainHash = excluded.ChainHash;
            """;
        AddParameter(head, "$size", state.Frontier.Size);
        AddParameter(head, "$frontier", state.Frontier.ToBytes());
        AddParameter(head, "$chain", state.ChainHash);
        await head.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
