using Federation.Transparency;

namespace Federation.Core.Transparency;

/// <summary>
/// The read side of the node's Merkle log. Appends happen in the store, in the transaction of the change an audit
/// entry records (<see cref="Audit.IAuditLog"/>): each entry becomes one leaf, sequenced by the store.
/// </summary>
public interface ITransparencyLog
{
    Task<LogHead> HeadAsync(CancellationToken cancellationToken);

    /// <summary>The leaves [from, from + count) that exist, in order: commitments and metadata, never content.</summary>
    Task<IReadOnlyList<LogLeaf>> LeavesAsync(long from, int count, CancellationToken cancellationToken);

    Task<IReadOnlyList<byte[]>> InclusionProofAsync(long index, long size, CancellationToken cancellationToken);

    Task<IReadOnlyList<byte[]>> ConsistencyProofAsync(long oldSize, long newSize, CancellationToken cancellationToken);

    /// <summary>
    /// The indices of the leaves that concern a message (sent, delivered, accepted, refused), oldest first: by subject,
    /// and by <see cref="Audit.AuditEntry.MessageId"/> for those logged under a case or treaty.
    /// </summary>
    Task<IReadOnlyList<long>> FindMessageAsync(string messageId, CancellationToken cancellationToken);
}
