using Federation.Core.Publication;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Federation.Storage.Configurations;

internal sealed class CsafDistributionEntryConfiguration : IEntityTypeConfiguration<CsafDistributionEntry>
{
    public void Configure(EntityTypeBuilder<CsafDistributionEntry> builder)
    {
        builder.ToTable("CsafDistribution");
        builder.HasKey(e => e.Path);
        builder.Property(e => e.Path).HasMaxLength(160);
        builder.Property(e => e.TrackingId).HasMaxLength(128);
        builder.Property(e => e.CaseId).HasMaxLength(64);
        builder.Property(e => e.Title).HasMaxLength(512);
        builder.Property(e => e.Sha256).HasMaxLength(64);
        builder.Property(e => e.Sha512).HasMaxLength(128);
        builder.Property(e => e.Signature).HasMaxLength(4096);
        builder.Property(e => e.SignerFingerprint).HasMaxLength(64);
        builder.Ignore(e => e.FileName);
        builder.HasIndex(e => e.TrackingId).IsUnique();
        // The listings read newest first, in keyset pages: this index serves them without sorting the table.
        builder.HasIndex(e => new { e.CurrentReleaseDate, e.Path });
        builder.HasIndex(e => e.InitialReleaseDate);
    }
}
