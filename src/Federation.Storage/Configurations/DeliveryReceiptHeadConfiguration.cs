using Federation.Core.Delivery;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Federation.Storage.Configurations;

internal sealed class DeliveryReceiptHeadConfiguration : IEntityTypeConfiguration<DeliveryReceiptHead>
{
    public void Configure(EntityTypeBuilder<DeliveryReceiptHead> builder)
    {
        // Written once per DeliverBatch call, by the lean insert path like the receipts that name it: no foreign key
        // either way (a receipt's head is found by its id when the receipt is read).
        builder.ToTable("DeliveryReceiptHeads");
        builder.HasKey(h => h.Id);
        builder.Property(h => h.Id).HasMaxLength(DeliveryReceiptHead.IdLength).ValueGeneratedNever();
        builder.Property(h => h.Log).HasMaxLength(256);
        builder.Property(h => h.Note).HasMaxLength(DeliveryReceipt.MaxNoteLength);
    }
}
