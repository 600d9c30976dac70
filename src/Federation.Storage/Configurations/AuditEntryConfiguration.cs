using Federation.Core.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Federation.Storage.Configurations;

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.ToTable("Audit");
        // Keyed by its ULID: entries appended in one unit of work get their sequence only when sealed.
        builder.HasKey(a => a.Id);
        // The sequence is part of the hash, so the store must not choose it; unique, so the chain cannot fork.
        builder.Property(a => a.Sequence).ValueGeneratedNever();
        builder.HasIndex(a => a.Sequence).IsUnique();
        builder.Property(a => a.Id).HasMaxLength(32);
        builder.Property(a => a.Kind).HasMaxLength(64);
        builder.Property(a => a.Actor).HasMaxLength(64);
        builder.Property(a => a.Subject).HasMaxLength(128);
        builder.Property(a => a.Outcome).HasMaxLength(32);
        builder.Property(a => a.Detail).HasMaxLength(4096);
        builder.Property(a => a.PreviousHash).HasMaxLength(64);
        builder.Property(a => a.Hash).HasMaxLength(64);
        builder.Ignore(a => a.LeafIndex);
        builder.Property(a => a.Treaty).HasMaxLength(200);
        builder.Property(a => a.MessageDigest).HasMaxLength(32);
        builder.Property(a => a.Salt).HasMaxLength(32);
        builder.Property(a => a.ContentCommitment).HasMaxLength(32);
        builder.Property(a => a.LeafHash).HasMaxLength(32);
        // The leaves that concern a message, for its proofs (ITransparencyLog.FindMessageAsync): by subject, and by the
        // message id of the few entries logged under something else (only those rows have one, so the index is partial).
        builder.HasIndex(a => a.Subject);
        builder.Property(a => a.MessageId).HasMaxLength(128);
        builder.HasIndex(a => a.MessageId).HasFilter("\"MessageId\" IS NOT NULL");
    }
}
