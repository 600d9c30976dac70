using Federation.Core.Inbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Federation.Storage.Configurations;

internal sealed class QuarantinedEnvelopeConfiguration : IEntityTypeConfiguration<QuarantinedEnvelope>
{
    public void Configure(EntityTypeBuilder<QuarantinedEnvelope> builder)
    {
        builder.ToTable("Quarantine");
        builder.HasKey(e => e.MessageId);
        builder.Property(e => e.MessageId).HasMaxLength(64);
        builder.Property(e => e.Origin).HasMaxLength(8);
        builder.Property(e => e.CaseId).HasMaxLength(64);
        builder.Property(e => e.ContentHash).HasMaxLength(64);
        // Bounded by BoundedText: the cap, one escape past it at most, and the "… (N more characters)" note.
        builder.Property(e => e.Error).HasMaxLength(QuarantinedEnvelope.MaxError + 64);
        // The operator's list: newest first.
        builder.HasIndex(e => e.QuarantinedAt);
    }
}
