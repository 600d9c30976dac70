using Federation.Core.Delivery;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Federation.Storage.Configurations;

internal sealed class DeliveryReceiptConfiguration : IEntityTypeConfiguration<DeliveryReceipt>
{
    public void Configure(EntityTypeBuilder<DeliveryReceipt> builder)
    {
        // Its own table, written once per delivered message (by the lean insert path: no foreign key, no generated value).
        builder.ToTable("DeliveryReceipts");
        builder.HasKey(r => r.MessageId);
        builder.Property(r => r.MessageId).HasMaxLength(64).ValueGeneratedNever();
        builder.Property(r => r.Note).HasMaxLength(DeliveryReceipt.MaxNoteLength);
    }
}
