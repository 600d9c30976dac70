using Federation.Storage.Transparency;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Federation.Storage.Configurations;

internal sealed class LogNodeConfiguration : IEntityTypeConfiguration<LogNodeRow>
{
    public void Configure(EntityTypeBuilder<LogNodeRow> builder)
    {
        builder.ToTable("LogNodes");
        // An INTEGER PRIMARY KEY is SQLite's rowid: the key costs no index of its own.
        builder.HasKey(n => n.Id);
        builder.Property(n => n.Id).ValueGeneratedNever();
        builder.Property(n => n.Hash).HasMaxLength(32);
    }
}
