using Federation.Core.Intake;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Federation.Storage.Configurations;

internal sealed class IntakeMessageConfiguration : IEntityTypeConfiguration<IntakeMessage>
{
    public void Configure(EntityTypeBuilder<IntakeMessage> builder)
    {
        builder.ToTable("IntakeMessages");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Id).HasMaxLength(32);
        builder.Property(m => m.CaseId).HasMaxLength(64);
        builder.Property(m => m.Side).HasConversion<string>().HasMaxLength(16);
        builder.Property(m => m.Author).HasMaxLength(128);
        builder.Property(m => m.Language).HasMaxLength(8);
        builder.Property(m => m.Text).HasMaxLength(IntakeLimits.Message);
        builder.HasOne<IntakeReport>().WithMany().HasForeignKey(m => m.CaseId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(m => new { m.CaseId, m.Id });
    }
}
