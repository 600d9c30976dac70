using Federation.Storage.Transparency;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Federation.Storage.Configurations;

internal sealed class ConsistencyRefusalConfiguration : IEntityTypeConfiguration<ConsistencyRefusalRow>
{
    public void Configure(EntityTypeBuilder<ConsistencyRefusalRow> builder)
    {
        builder.ToTable("ConsistencyRefusals");
        builder.HasKey(r => r.Log);
        builder.Property(r => r.Log).HasMaxLength(64);
    }
}
