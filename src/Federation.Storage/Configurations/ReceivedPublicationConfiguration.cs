using Federation.Core.Publication;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Federation.Storage.Configurations;

internal sealed class ReceivedPublicationConfiguration : IEntityTypeConfiguration<ReceivedPublication>
{
    public void Configure(EntityTypeBuilder<ReceivedPublication> builder)
    {
        builder.ToTable("ReceivedPublications");
        builder.HasKey(p => p.CaseId);
        builder.Property(p => p.CaseId).HasMaxLength(64);
        builder.Property(p => p.Origin).HasMaxLength(8);
        builder.Property(p => p.TrackingId).HasMaxLength(128);
        builder.Property(p => p.Sha256).HasMaxLength(64);
        builder.Property(p => p.MessageId).HasMaxLength(64);
        builder.Property(p => p.AdvisoryUrl).HasMaxLength(512);
        builder.Property(p => p.PublisherName).HasMaxLength(200);
        builder.HasIndex(p => p.TrackingId);
        builder.HasIndex(p => p.PublishedAt);
    }
}
