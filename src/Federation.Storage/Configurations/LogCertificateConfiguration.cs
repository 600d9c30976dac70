using Federation.Core.Transparency;
using Federation.Storage.Transparency;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Federation.Storage.Configurations;

internal sealed class LogCertificateConfiguration : IEntityTypeConfiguration<LogCertificateRow>
{
    public void Configure(EntityTypeBuilder<LogCertificateRow> builder)
    {
        builder.ToTable("LogCertificates");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Log).HasMaxLength(64);
        builder.Property(c => c.Sha256).HasMaxLength(32);
        builder.Property(c => c.Der).HasMaxLength(SignerCertificate.MaxBytes);
        builder.HasIndex(c => new { c.Log, c.Sha256 }).IsUnique();
        builder.HasIndex(c => new { c.Log, c.KeyId });
    }
}
