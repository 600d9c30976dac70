namespace Federation.Storage.Transparency;

/// <summary>
/// The log's head, one row: how many leaves, the right edge of the tree (<see cref="Federation.Transparency.MerkleFrontier.ToBytes"/>)
/// and the last hash of the older linear chain. Read and rewritten in the transaction that appends, which is what
/// sequences the log across processes: SQLite's write lock, not a lock in memory.
/// </summary>
internal sealed class LogHeadRow
{
    public const int SingleId = 1;

    public int Id { get; set; } = SingleId;
    public long Size { get; set; }
    public byte[] Frontier { get; set; } = [];
    public string ChainHash { get; set; } = string.Empty;
}
