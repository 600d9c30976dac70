using Federation.Storage.Transparency;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Federation.Storage.Configurations;

internal sealed class LogHeadConfiguration : IEntityTypeConfiguration<LogHeadRow>
{
    public void Configure(EntityTypeBuilder<LogHeadRow> builder)
    {
        builder.ToTable("LogHead");
        builder.HasKey(h => h.Id);
        builder.Property(h => h.Id).ValueGeneratedNever();
        // Size (8 bytes) and at most 63 hashes of 32 bytes.
        builder.Property(h => h.Frontier).HasMaxLength(8 + (63 * 32));
        builder.Property(h => h.ChainHash).HasMaxLength(64);
    }
}
