using System.Text.Json;
using Federation.Core.Publication;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Federation.Storage.Configurations;

internal sealed class PublishedAdvisoryConfiguration : IEntityTypeConfiguration<PublishedAdvisory>
{
    public void Configure(EntityTypeBuilder<PublishedAdvisory> builder)
    {
        builder.ToTable("PublishedAdvisories");
        builder.HasKey(a => a.TrackingId);
        builder.Property(a => a.TrackingId).HasMaxLength(128);
        builder.Property(a => a.CaseId).HasMaxLength(64);
        builder.Property(a => a.Sha256).HasMaxLength(64);
        builder.Property(a => a.PublisherName).HasMaxLength(200);
        builder.Property(a => a.PublisherNamespace).HasMaxLength(512);
        builder.Property(a => a.RemediationCategory).HasConversion<string>().HasMaxLength(32);
        builder.Property(a => a.RemediationDetails).HasMaxLength(4000);
        builder.Property(a => a.Revisions).HasConversion(
            v => JsonSerializer.Serialize(v, JsonSerializerOptions.Default),
            v => JsonSerializer.Deserialize<List<AdvisoryRevision>>(v, JsonSerializerOptions.Default) ?? new List<AdvisoryRevision>(),
            new ValueComparer<List<AdvisoryRevision>>((a, b) => a!.SequenceEqual(b!), v => v.Count, v => v.ToList()));
        builder.HasIndex(a => a.CaseId).IsUnique();
        builder.HasIndex(a => a.PublishedAt);
    }
}
