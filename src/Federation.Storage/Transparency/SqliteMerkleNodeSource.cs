using System.Data.Common;
using System.Globalization;
using System.Text;
using Federation.Transparency;

namespace Federation.Storage.Transparency;

/// <summary>
/// The log's complete subtrees as the store keeps them: a proof's nodes (at most two per level) in one
/// <c>WHERE Id IN (…)</c> query on the rowid. The keys are integers this class computes, written into the statement
/// as literals: there is no text from outside in it.
/// </summary>
internal sealed class SqliteMerkleNodeSource(DbConnection connection) : IMerkleNodeSource
{
    public async ValueTask<IReadOnlyDictionary<NodeAddress, byte[]>> ReadAsync(IReadOnlyCollection<NodeAddress> nodes, CancellationToken cancellationToken)
    {
        var found = new Dictionary<NodeAddress, byte[]>(nodes.Count);
        if (nodes.Count == 0)
        {
            return found;
        }

        var sql = new StringBuilder("SELECT Id, Hash FROM LogNodes WHERE Id IN (", 64 + (nodes.Count * 20));
        var first = true;
        foreach (var node in nodes)
        {
            sql.Append(first ? string.Empty : ",").Append(LogNodeKey.Of(node).ToString(CultureInfo.InvariantCulture));
            first = false;
        }

        await using var command = connection.CreateCommand();
        command.CommandText = sql.Append(");").ToString();
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
