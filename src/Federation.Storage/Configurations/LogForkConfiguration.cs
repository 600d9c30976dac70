using Federation.Core.Transparency;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Federation.Storage.Configurations;

internal sealed class LogForkConfiguration : IEntityTypeConfiguration<LogFork>
{
    /// <summary>
    /// The largest checkpoint row id of the fork's log when it was cleared: the log's latest checkpoint is read from the
    /// rows after it (<see cref="Stores.EfCheckpointStore"/>), so witnessing starts over. A store key, not the domain's.
    /// </summary>
    public const string ResumeAfter = "ResumeAfterCheckpoint";

    /// <summary>The unique index that keeps one open fork per log; its violation alone is <see cref="ForkRecordedAlreadyException"/>.</summary>
    public const string OneOpenPerLog = "IX_LogForks_OneOpenPerLog";

    public void Configure(EntityTypeBuilder<LogFork> builder)
    {
        builder.ToTable("LogForks");
        builder.HasKey(f => f.Id);
        builder.Property(f => f.Jurisdiction).HasMaxLength(8);
        builder.Property(f => f.Log).HasMaxLength(64);
        builder.Property(f => f.Reason).HasMaxLength(1000);
        builder.Property(f => f.KnownRoot).HasMaxLength(32);
        builder.Property(f => f.KnownNote).HasMaxLength(16384);
        builder.Property(f => f.ConflictingRoot).HasMaxLength(32);
        builder.Property(f => f.ConflictingNote).HasMaxLength(16384);
        builder.Property(f => f.KnownCertificate).HasMaxLength(SignerCertificate.MaxBytes);
        builder.Property(f => f.ConflictingCertificate).HasMaxLength(SignerCertificate.MaxBytes);
        // Base64 of 32 bytes is 44 characters, and a space between two.
        builder.Property(f => f.FailedProofHashes).HasMaxLength(FailedConsistencyProof.MaxHashes * 45);
        // Two operators clearing the same fork at once: the second finds it cleared (CONFLICT), so the audit and the row agree.
        builder.Property(f => f.ClearedAt).IsConcurrencyToken();
        builder.Property(f => f.ClearedBy).HasMaxLength(200);
        builder.Property(f => f.ClearReason).HasMaxLength(LogFork.MaxReasonLength * 2);
        builder.Property<long?>(ResumeAfter);
        builder.Ignore(f => f.IsCleared);
        builder.Ignore(f => f.Known);
        builder.Ignore(f => f.Conflicting);
        builder.Ignore(f => f.FailedProof);
        builder.HasIndex(f => new { f.Log, f.ClearedAt });
        // One open fork per log: two witnesses on one store (replicas) finding the same fork at once record it once;
        // the second's save fails on this index and is taken as "recorded already" (LogWitness).
        builder.HasIndex(f => f.Log).IsUnique().HasFilter("\"ClearedAt\" IS NULL").HasDatabaseName(OneOpenPerLog);
    }
}
