namespace Federation.Core.Delivery;

/// <summary>The outbox port. Enqueued messages commit with the unit of work that produced them.</summary>
public interface IOutbox
{
    /// <summary>Queues the message for delivery and adds it to its recipient's catch-up log (<see cref="CatchUp.IPeerLog"/>).</summary>
    void Enqueue(OutboxMessage message);

    /// <summary>Pending messages due by <paramref name="now"/>, oldest due first, except those to <paramref name="heldRecipients"/>
    /// (partners suspended, or that asked us to wait): they stay pending, untouched, and never fill a batch others need.</summary>
    Task<IReadOnlyList<OutboxMessage>> DueAsync(DateTimeOffset now, int limit, IReadOnlyCollection<string> heldRecipients, CancellationToken cancellationToken);

    /// <summary>Newest first (message ids are ULIDs, so their order is the order of creation).</summary>
    Task<Abstractions.Page<OutboxMessage>> ListAsync(string? caseId, Abstractions.PageRequest page, CancellationToken cancellationToken);

    Task<DateTimeOffset?> NextDueAtAsync(CancellationToken cancellationToken);

    Task<int> PendingCountAsync(string recipient, CancellationToken cancellationToken);

    /// <summary>Keeps a delivered message's receipt with the unit of work that marks it delivered (once per message).</summary>
    void KeepReceipt(DeliveryReceipt receipt);

    /// <summary>Keeps the head the receipts of one call were signed under, once, with the unit of work of its first receipt.</summary>
    void KeepReceiptHead(DeliveryReceiptHead head);

    /// <summary>
    /// The receipts kept for these messages (message id to signed note, those kept under a head rebuilt whole); messages
    /// without one are not in it.
    /// </summary>
    Task<IReadOnlyDictionary<string, string>> ReceiptsAsync(IReadOnlyCollection<string> messageIds, CancellationToken cancellationToken);
}
