using Federation.Core.Inbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Federation.Storage.Configurations;

internal sealed class ReceivedSummaryConfiguration : IEntityTypeConfiguration<ReceivedSummary>
{
    public void Configure(EntityTypeBuilder<ReceivedSummary> builder)
    {
        builder.ToTable("ReceivedSummaries");
        builder.HasKey(s => s.CaseId);
        builder.Property(s => s.CaseId).HasMaxLength(64);
        builder.Property(s => s.Origin).HasMaxLength(8);
        builder.Property(s => s.Tlp).HasConversion<string>().HasMaxLength(16);
        builder.Property(s => s.TreatyId).HasMaxLength(128);
        builder.Property(s => s.MessageId).HasMaxLength(64);
        builder.Property(s => s.Fields).HasConversion(
            v => SummaryFieldsJson.ToText(v),
            v => SummaryFieldsJson.FromText(v),
            new ValueComparer<List<SummaryFieldValue>>((a, b) => a!.SequenceEqual(b!), v => v.Count, v => v.ToList()));
        builder.Property(s => s.Fingerprint).HasMaxLength(64);
        builder.HasIndex(s => new { s.Origin, s.ReceivedAt });
        builder.HasIndex(s => s.Fingerprint);
    }
}
