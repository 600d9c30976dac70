using Federation.Core.Delivery;
using Federation.Storage;
using Federation.Testing;
using Microsoft.EntityFrameworkCore;

namespace Federation.Node.Tests;

/// <summary>What a node's store holds of some messages, read from the store itself: the outbox at the sender, the inbox at the receiver.</summary>
internal static class StoreCounts
{
    public static async Task<int> OutboxAsync(TestNode node, List<string> ids, DeliveryState state, CancellationToken cancellationToken)
    {
        await using var scope = node.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<FederationDbContext>().Outbox.CountAsync(m => ids.Contains(m.Id) && m.State == state, cancellationToken);
    }

    public static async Task<int> InboxAsync(TestNode node, List<string> ids, CancellationToken cancellationToken)
    {
        await using var scope = node.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<FederationDbContext>().Inbox.CountAsync(e => ids.Contains(e.MessageId), cancellationToken);
    }
}
