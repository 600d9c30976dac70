using Federation.Core.Intake;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Federation.Storage.Configurations;

internal sealed class IntakeAttachmentConfiguration : IEntityTypeConfiguration<IntakeAttachment>
{
    public void Configure(EntityTypeBuilder<IntakeAttachment> builder)
    {
        builder.ToTable("IntakeAttachments");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Id).HasMaxLength(32);
        builder.Property(a => a.CaseId).HasMaxLength(64);
        builder.Property(a => a.FileName).HasMaxLength(IntakeLimits.AttachmentFileName);
        builder.Property(a => a.ContentType).HasMaxLength(64);
        builder.Property(a => a.Sha256).HasMaxLength(64);
        builder.HasOne<IntakeReport>().WithMany().HasForeignKey(a => a.CaseId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(a => a.CaseId);
    }
}
