using System.Data.Common;
using Federation.Transparency;

namespace Federation.Storage.Transparency;

/// <summary>
/// The log's complete subtrees as the store keeps them: a proof's nodes (at most two per level) in one prepared
/// <c>WHERE Id IN (…)</c> query on the rowid (<see cref="LogReadCommands"/>).
/// </summary>
internal sealed class SqliteMerkleNodeSource(DbConnection connection, DbTransaction? transaction = null) : IMerkleNodeSource
{
    public async ValueTask<IReadOnlyDictionary<NodeAddress, byte[]>> ReadAsync(IReadOnlyCollection<NodeAddress> nodes, CancellationToken cancellationToken)
    {
        var found = new Dictionary<NodeAddress, byte[]>(nodes.Count);
        if (nodes.Count == 0)
        {
            return found;
        }

        var command = LogReadCommands.For(connection).Nodes(nodes.Count, transaction);
        var i = 0;
        foreach (var node in nodes)
        {
            command.Parameters[i++].Value = LogNodeKey.Of(node);
        }

        for (; i < command.Parameters.Count; i++)
        {
            command.Parameters[i].Value = LogReadCommands.NoNode;
        }

        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                found[LogNodeKey.Address(reader.GetInt64(0))] = (byte[])reader.GetValue(1);
            }
        }

        if (found.Count != nodes.Count)
        {
            var missing = nodes.First(n => !found.ContainsKey(n));
            throw new InvalidDataException($"The log's node {missing} is missing from the store: the tree is damaged.");
        }

        return found;
    }
}
