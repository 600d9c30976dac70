using Federation.Core;
using Federation.Core.Transparency;
using Federation.Storage.Transparency;
using Federation.Transparency;
using Microsoft.EntityFrameworkCore;

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

        var entries = await db.Audit.AsNoTracking()
            .Where(a => a.Sequence > from && a.Sequence <= from + count && a.LeafHash != null)
            .OrderBy(a => a.Sequence).ToListAsync(cancellationToken);
        return [.. entries.Select(e => e.ToLeaf())];
    }

    public async Task<IReadOnlyList<byte[]>> InclusionProofAsync(long index, long size, CancellationToken cancellationToken)
    {
        await CheckSizeAsync(size, cancellationToken);
        if (index < 0 || index >= size)
        {
            throw new FederationException(ErrorCode.InvalidArgument, $"Leaf {index} is not in a tree of {size} leaves.", "index");
        }

        db.KeepOpen();
        return await MerkleProver.InclusionAsync(new SqliteMerkleNodeSource(db.Database.GetDbConnection()), index, size, cancellationToken);
    }

    public async Task<IReadOnlyList<byte[]>> ConsistencyProofAsync(long oldSize, long newSize, CancellationToken cancellationToken)
    {
        await CheckSizeAsync(newSize, cancellationToken);
        if (oldSize < 0 || oldSize > newSize)
        {
            throw new FederationException(ErrorCode.InvalidArgument, $"No consistency proof from size {oldSize} to {newSize}.", "old_size");
        }

        db.KeepOpen();
        return await MerkleProver.ConsistencyAsync(new SqliteMerkleNodeSource(db.Database.GetDbConnection()), oldSize, newSize, cancellationToken);
    }

    public async Task<IReadOnlyList<long>> FindMessageAsync(string messageId, CancellationToken cancellationToken) =>
        await db.Audit.AsNoTracking()
            .Where(a => a.Subject == messageId && a.LeafHash != null)
            .OrderBy(a => a.Sequence).Select(a => a.Sequence - 1).ToListAsync(cancellationToken);

    private async Task<MerkleFrontier> FrontierAsync(CancellationToken cancellationToken)
    {
        var bytes = await db.LogHeads.AsNoTracking().Where(h => h.Id == LogHeadRow.SingleId).Select(h => h.Frontier).FirstOrDefaultAsync(cancellationToken);
        return bytes is null ? MerkleFrontier.Empty : MerkleFrontier.FromBytes(bytes);
    }

    private async Task CheckSizeAsync(long size, CancellationToken cancellationToken)
    {
        var head = await db.LogHeads.AsNoTracking().Where(h => h.Id == LogHeadRow.SingleId).Select(h => (long?)h.Size).FirstOrDefaultAsync(cancellationToken) ?? 0;
        if (size < 1 || size > head)
        {
            throw new FederationException(ErrorCode.InvalidArgument, $"The log has {head} leaves; a proof needs a tree size from 1 to {head}, not {size}.", "size");
        }
    }
}
