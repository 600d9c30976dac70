using System.Text.Json;
using Federation.Core.Intake;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Federation.Storage.Configurations;

internal sealed class IntakeReportConfiguration : IEntityTypeConfiguration<IntakeReport>
{
    public void Configure(EntityTypeBuilder<IntakeReport> builder)
    {
        builder.ToTable("IntakeReports");
        builder.HasKey(r => r.CaseId);
        builder.Property(r => r.CaseId).HasMaxLength(64);
        // The token's SHA-256, the only form it is stored in; unique, and the index every status request looks up.
        builder.Property(r => r.TokenHash).HasMaxLength(32);
        builder.HasIndex(r => r.TokenHash).IsUnique();
        builder.Property(r => r.Language).HasMaxLength(8);
        builder.Property(r => r.PolicyVersion).HasMaxLength(64);
        builder.Property(r => r.FieldLanguages).HasConversion(
            v => JsonSerializer.Serialize(v, JsonSerializerOptions.Default),
            v => JsonSerializer.Deserialize<Dictionary<string, string>>(v, JsonSerializerOptions.Default) ?? new Dictionary<string, string>(),
            new ValueComparer<IReadOnlyDictionary<string, string>>(
                (a, b) => SameEntries(a!, b!),
                v => v.Count,
                v => new Dictionary<string, string>(v)));
        builder.HasOne<Federation.Core.Cases.Case>().WithOne().HasForeignKey<IntakeReport>(r => r.CaseId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(r => new { r.ReceivedAt, r.CaseId });
    }

    private static bool SameEntries(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b) =>
        a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var v) && v == kv.Value);
}
