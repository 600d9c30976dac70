using Federation.Core.CatchUp;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Federation.Storage.Configurations;

internal sealed class PeerLogEntryConfiguration : IEntityTypeConfiguration<PeerLogEntry>
{
    public void Configure(EntityTypeBuilder<PeerLogEntry> builder)
    {
        builder.ToTable("PeerLog");
        // SQLite: INTEGER PRIMARY KEY AUTOINCREMENT. Numbers are taken inside the one write transaction SQLite allows at
        // a time, so a higher sequence always commits later: a reader that saw N never misses an entry below N.
        builder.HasKey(e => e.Sequence);
        builder.Property(e => e.Sequence).ValueGeneratedOnAdd();
        builder.Property(e => e.Recipient).HasMaxLength(8);
        builder.Property(e => e.MessageId).HasMaxLength(64);
        // The pull query: one partner's lines after a cursor, in order.
        builder.HasIndex(e => new { e.Recipient, e.Sequence });
    }
}
