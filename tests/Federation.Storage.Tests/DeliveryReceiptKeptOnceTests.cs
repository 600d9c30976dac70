using Federation.Core.Abstractions;
using Federation.Core.Delivery;
using Microsoft.Extensions.DependencyInjection;

namespace Federation.Storage.Tests;

/// <summary>
/// A message's receipt is kept once: a second delivery of it (two dispatchers on one store) commits with the rest of
/// its unit of work, and the receipt that came first stands.
/// </summary>
public sealed class DeliveryReceiptKeptOnceTests
{
    [Fact]
    public async Task ASecondReceiptForOneMessage_Commits_AndTheFirstStands()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = await StoreFixture.CreateAsync();
        var at = new DateTimeOffset(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);
        await using (var scope = store.Scope())
        {
            scope.ServiceProvider.GetRequiredService<IOutbox>().KeepReceipt(new DeliveryReceipt("FR-M-1", "first receipt", at));
            await scope.ServiceProvider.GetRequiredService<IUnitOfWork>().SaveChangesAsync(ct);
        }

        await using (var scope = store.Scope())
        {
            var outbox = scope.ServiceProvider.GetRequiredService<IOutbox>();
            outbox.KeepReceipt(new DeliveryReceipt("FR-M-1", "second receipt", at.AddSeconds(1)));
            outbox.KeepReceipt(new DeliveryReceipt("FR-M-2", "another message's receipt", at.AddSeconds(1)));
            await scope.ServiceProvider.GetRequiredService<IUnitOfWork>().SaveChangesAsync(ct);
        }

        await using (var scope = store.Scope())
        {
            var kept = await scope.ServiceProvider.GetRequiredService<IOutbox>().ReceiptsAsync(["FR-M-1", "FR-M-2"], ct);
            Assert.Equal("first receipt", kept["FR-M-1"]);
            Assert.Equal("another message's receipt", kept["FR-M-2"]);
        }
    }
}
