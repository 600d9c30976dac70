using Federation.Core.Delivery;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Federation.Storage.Configurations;

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> builder)
    {
        builder.ToTable("Outbox");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Id).HasMaxLength(64);
        builder.Property(m => m.Recipient).HasMaxLength(8);
        builder.Property(m => m.CaseId).HasMaxLength(64);
        builder.Property(m => m.State).HasConversion<string>().HasMaxLength(16);
        builder.Property(m => m.LastError).HasMaxLength(1024);
        builder.Property(m => m.ReceiptHeadId).HasMaxLength(DeliveryReceiptHead.IdLength);
        // The dispatcher's query: due pending messages in time order.
        builder.HasIndex(m => new { m.State, m.NextAttemptAt });
        builder.HasIndex(m => m.CaseId);
    }
}
