using Federation.Core;
using Federation.Core.Transparency;
using Federation.Storage.Transparency;
using Federation.Transparency;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Federation.Storage.Stores;

/// <summary>The log's read side over the store: head, leaves, and proofs read in one batched query each.</summary>
internal sealed class EfTransparencyLog(FederationDbContext db) : ITransparencyLog
{
    public async Task<LogHead> HeadAsync(CancellationToken cancellationToken)
    {
        var frontier = await FrontierAsync(cancellationToken);
        return new LogHead(frontier.Size, frontier.Root());
    }

    public async Task<IReadOnlyList<LogLeaf>> LeavesAsync(long from, int count, CancellationToken cancellationToken)
    {
        if (from < 0 || count < 0)
        {
            throw new FederationException(ErrorCode.InvalidArgument, $"No leaves from {from}, {count} at a time: both count from zero.", "from");
        }

        // Only the leaf's columns, through a prepared statement: the checkpoint signer reads every leaf appended since its
        // last checkpoint, both nodes of a share append one each, and EF Core's query pipeline (materializer, an anonymous
        // row, then the leaf) took about a fifth of that re-read and hash, and a third of its allocation (LeafReadBenchmarks,
        // issue 13). Whole entries (detail, chain hashes, salt) would allocate three times as much as the leaves need.
        db.KeepOpen();
        var command = LogReadCommands.For(db.Database.GetDbConnection()).Leaves(from, from + (long)count, db.Database.CurrentTransaction?.GetDbTransaction());
        var leaves = new List<LogLeaf>(Math.Min(count, 1024));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var id = reader.GetString(1);
            leaves.Add(new LogLeaf(reader.GetInt64(0) - 1, id, UtcTicksConverter.FromTicks(reader.GetInt64(2)), reader.GetString(3), reader.GetString(4),
                TextOrNull(reader, 5), reader.GetString(6), TextOrNull(reader, 7), reader.IsDBNull(8) ? null : (byte[])reader.GetValue(8),
                reader.IsDBNull(9)
                    ? throw new InvalidDataException($"Audit entry {id} is in the log without a content commitment: the store is damaged.")
                    : (byte[])reader.GetValue(9)));
        }

        return leaves;
    }

    public async Task<IReadOnlyList<byte[]>> InclusionProofAsync(long index, long size, CancellationToken cancellationToken)
    {
        await CheckSizeAsync(size, cancellationToken);
        if (index < 0 || index >= size)
        {
            throw new FederationException(ErrorCode.InvalidArgument, $"Leaf {index} is not in a tree of {size} leaves.", "index");
        }

        return await MerkleProver.InclusionAsync(Nodes(), index, size, cancellationToken);
    }

    public async Task<IReadOnlyList<byte[]>> ConsistencyProofAsync(long oldSize, long newSize, CancellationToken cancellationToken)
    {
        await CheckSizeAsync(newSize, cancellationToken);
        if (oldSize < 0 || oldSize > newSize)
        {
            throw new FederationException(ErrorCode.InvalidArgument, $"No consistency proof from size {oldSize} to {newSize}.", "old_size");
        }

        return await MerkleProver.ConsistencyAsync(Nodes(), oldSize, newSize, cancellationToken);
    }

    public async Task<IReadOnlyList<long>> FindMessageAsync(string messageId, CancellationToken cancellationToken) =>
        await db.Audit.AsNoTracking()
            .Where(a => (a.Subject == messageId || a.MessageId == messageId) && a.LeafHash != null)
            .OrderBy(a => a.Sequence).Select(a => a.Sequence - 1).ToListAsync(cancellationToken);

    private async Task<MerkleFrontier> FrontierAsync(CancellationToken cancellationToken)
    {
        var bytes = await db.LogHeads.AsNoTracking().Where(h => h.Id == LogHeadRow.SingleId).Select(h => h.Frontier).FirstOrDefaultAsync(cancellationToken);
        return bytes is null ? MerkleFrontier.Empty : MerkleFrontier.FromBytes(bytes);
    }

    private static string? TextOrNull(System.Data.Common.DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private SqliteMerkleNodeSource Nodes() => new(db.Database.GetDbConnection(), db.Database.CurrentTransaction?.GetDbTransaction());

    /// <summary>Through a prepared statement, not a LINQ query: on a proof's path EF Core's query pipeline costs more than the proof.</summary>
    private async Task CheckSizeAsync(long size, CancellationToken cancellationToken)
    {
        db.KeepOpen();
        var command = LogReadCommands.For(db.Database.GetDbConnection()).Size(db.Database.CurrentTransaction?.GetDbTransaction());
        var head = await command.ExecuteScalarAsync(cancellationToken) is long stored ? stored : 0;
        if (size < 1 || size > head)
        {
            throw new FederationException(ErrorCode.InvalidArgument, $"The log has {head} leaves; a proof needs a tree size from 1 to {head}, not {size}.", "size");
        }
    }
}
