using Federation.Storage.Transparency;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Federation.Storage.Configurations;

internal sealed class CheckpointConfiguration : IEntityTypeConfiguration<CheckpointRow>
{
    public void Configure(EntityTypeBuilder<CheckpointRow> builder)
    {
        builder.ToTable("Checkpoints");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Log).HasMaxLength(64);
        builder.Property(c => c.RootHash).HasMaxLength(32);
        builder.Property(c => c.Note).HasMaxLength(16384);
        // Not unique: two checkpoints of one size with different roots are a fork, and both are the evidence.
        builder.HasIndex(c => new { c.Log, c.Size });
        builder.HasIndex(c => new { c.Log, c.At });
    }
}
