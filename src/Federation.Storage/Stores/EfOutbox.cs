using Federation.Core.Abstractions;
using Federation.Core.Delivery;
using Microsoft.EntityFrameworkCore;

namespace Federation.Storage.Stores;

internal sealed class EfOutbox(FederationDbContext db) : IOutbox
{
    /// <summary>Every message also takes a line in its recipient's catch-up log, in the same transaction.</summary>
    public void Enqueue(OutboxMessage message)
    {
        db.Outbox.Add(message);
        db.PeerLog.Add(new Federation.Core.CatchUp.PeerLogEntry(message.Recipient, message.Id, message.CreatedAt));
    }

    public async Task<IReadOnlyList<OutboxMessage>> DueAsync(DateTimeOffset now, int limit, IReadOnlyCollection<string> heldRecipients, CancellationToken cancellationToken)
    {
        if (heldRecipients.Count == 0)
        {
            return await CompiledQueries.DueMessages(db, now, limit).ToListAsync(cancellationToken);
        }

        // Rare (a suspension, a partner's retry delay): the plain query, with the few held partners as a parameter.
        var held = heldRecipients.ToList();
        return await db.Outbox.Where(m => m.State == DeliveryState.Pending && m.NextAttemptAt <= now && !held.Contains(m.Recipient))
            .OrderBy(m => m.NextAttemptAt).Take(limit).ToListAsync(cancellationToken);
    }

    public async Task<Page<OutboxMessage>> ListAsync(string? caseId, PageRequest page, CancellationToken cancellationToken)
    {
        var query = db.Outbox.AsNoTracking();
        if (caseId is not null)
        {
            query = query.Where(m => m.CaseId == caseId);
        }

        if (page.After is { } after)
        {
            query = query.Where(m => string.Compare(m.Id, after) < 0);
        }

        // Ids are this node's jurisdiction and a ULID: ordering by id is ordering by creation, and unique.
        var fetched = await query.OrderByDescending(m => m.Id).Take(page.Size + 1).ToListAsync(cancellationToken);
        return Page<OutboxMessage>.FromOverfetch(fetched, page, m => m.Id);
    }

    public async Task<DateTimeOffset?> NextDueAtAsync(CancellationToken cancellationToken) =>
        await db.Outbox.Where(m => m.State == DeliveryState.Pending)
            .OrderBy(m => m.NextAttemptAt)
            .Select(m => (DateTimeOffset?)m.NextAttemptAt)
            .FirstOrDefaultAsync(cancellationToken);

    public Task<int> PendingCountAsync(string recipient, CancellationToken cancellationToken) =>
        db.Outbox.CountAsync(m => m.Recipient == recipient && m.State == DeliveryState.Pending, cancellationToken);

    public void KeepReceipt(DeliveryReceipt receipt) => db.DeliveryReceipts.Add(receipt);

    public void KeepReceiptHead(DeliveryReceiptHead head) => db.DeliveryReceiptHeads.Add(head);

    public async Task<IReadOnlyDictionary<string, string>> ReceiptsAsync(IReadOnlyCollection<string> messageIds, CancellationToken cancellationToken)
    {
        var receipts = new Dictionary<string, string>(StringComparer.Ordinal);
        var underHeads = new List<(string MessageId, string HeadId, int Position)>();
        // By the primary key, a bounded list at a time: an export of 200,000 leaves may name as many messages.
        foreach (var chunk in messageIds.Distinct(StringComparer.Ordinal).Chunk(500))
        {
            var found = await db.DeliveryReceipts.AsNoTracking().Where(r => chunk.Contains(r.MessageId))
                .Select(r => new { r.MessageId, r.Note }).ToListAsync(cancellationToken);
            foreach (var row in found)
            {
                receipts[row.MessageId] = row.Note;
            }

            var headed = await db.Outbox.AsNoTracking().Where(m => chunk.Contains(m.Id) && m.ReceiptHeadId != null)
                .Select(m => new { m.Id, m.ReceiptHeadId, m.ReceiptPosition }).ToListAsync(cancellationToken);
            foreach (var row in headed)
            {
                // A receipt kept whole came first (see DeliveryReceipt): it stands.
                if (!receipts.ContainsKey(row.Id))
                {
                    underHeads.Add((row.Id, row.ReceiptHeadId!, row.ReceiptPosition ?? -1));
                }
            }
        }

        var byHead = underHeads.ToLookup(u => u.HeadId, StringComparer.Ordinal);
        foreach (var chunk in byHead.Select(g => g.Key).Chunk(100))
        {
            var heads = await db.DeliveryReceiptHeads.AsNoTracking().Where(h => chunk.Contains(h.Id)).ToListAsync(cancellationToken);
            foreach (var head in heads)
            {
                var rebuilt = Rebuild(head);
                foreach (var (messageId, _, position) in byHead[head.Id])
                {
                    // Its place must hold its own message: a row naming another's place is no receipt of it.
                    if (rebuilt is not null && position >= 0 && position < rebuilt.Count && rebuilt[position].Receipt.MessageId == messageId)
                    {
                        receipts[messageId] = rebuilt[position].Format();
                    }
                }
            }
        }

        return receipts;
    }

    /// <summary>Every receipt under a kept head, whole; null when the row does not rebuild (it was checked when kept, so only a damaged store).</summary>
    private static IReadOnlyList<Federation.Transparency.SignedReceipt>? Rebuild(DeliveryReceiptHead head)
    {
        try
        {
            return Federation.Transparency.SignedReceipt.UnderHead(
                Federation.Transparency.SignedNote.Parse(head.Note), Federation.Transparency.ReceiptLeaves.Unpack(head.Log, head.Leaves));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
