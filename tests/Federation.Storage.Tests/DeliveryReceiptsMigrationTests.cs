using Federation.Core.Delivery;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;

namespace Federation.Storage.Tests;

/// <summary>Receipts kept in outbox rows before they had a table of their own move there, and back on a downgrade.</summary>
public sealed class DeliveryReceiptsMigrationTests
{
    private const string Before = "20261203054909_OneOpenForkPerLog";

    [Fact]
    public async Task ReceiptsKeptInOutboxRows_MoveToTheirTable_AndBackOnDowngrade()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = await StoreFixture.CreateAsync();
        await using (var db = await store.Services.GetRequiredService<IDbContextFactory<FederationDbContext>>().CreateDbContextAsync(ct))
        {
            var migrator = db.GetService<IMigrator>();
            await migrator.MigrateAsync(Before, ct);
            // Delivered with a receipt, delivered by a receiver without a log (empty), delivered before receipts (null), pending.
            await db.Database.ExecuteSqlRawAsync("""
                INSERT INTO Outbox (Id, Attempts, CaseId, CreatedAt, DeliveredAt, Envelope, LastError, NextAttemptAt, Receipt, Recipient, Revision, State) VALUES
                  ('FR-M-1', 1, NULL, 100, 150, x'01', NULL, 100, 'signed receipt 1', 'DE', 1, 'Delivered'),
                  ('FR-M-2', 1, NULL, 100, 160, x'01', NULL, 100, '', 'DE', 1, 'Delivered'),
                  ('FR-M-3', 1, NULL, 100, 170, x'01', NULL, 100, NULL, 'DE', 1, 'Delivered'),
                  ('FR-M-4', 0, NULL, 100, NULL, x'01', NULL, 100, NULL, 'JP', 1, 'Pending');
                """, ct);
            await migrator.MigrateAsync(cancellationToken: ct);
        }

        await using (var scope = store.Scope())
        {
            var outbox = scope.ServiceProvider.GetRequiredService<IOutbox>();
            var receipts = await outbox.ReceiptsAsync(["FR-M-1", "FR-M-2", "FR-M-3", "FR-M-4"], ct);
            Assert.Equal("signed receipt 1", Assert.Single(receipts, r => r.Key == "FR-M-1").Value);
            Assert.Single(receipts);
            var kept = await scope.ServiceProvider.GetRequiredService<FederationDbContext>().DeliveryReceipts.SingleAsync(ct);
            Assert.Equal(new DateTimeOffset(150, TimeSpan.Zero), kept.KeptAt);
        }

        await using (var db = await store.Services.GetRequiredService<IDbContextFactory<FederationDbContext>>().CreateDbContextAsync(ct))
        {
            await db.GetService<IMigrator>().MigrateAsync(Before, ct);
            var back = await db.Database.SqlQueryRaw<string>("""SELECT COALESCE(Id || '=' || Receipt, Id || '=') AS Value FROM Outbox ORDER BY Id""").ToListAsync(ct);
            Assert.Equal(["FR-M-1=signed receipt 1", "FR-M-2=", "FR-M-3=", "FR-M-4="], back);
        }
    }
}
