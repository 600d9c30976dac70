using Federation.Core.CatchUp;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Federation.Storage.Configurations;

internal sealed class CatchUpCursorConfiguration : IEntityTypeConfiguration<CatchUpCursor>
{
    public void Configure(EntityTypeBuilder<CatchUpCursor> builder)
    {
        builder.ToTable("CatchUpCursors");
        builder.HasKey(c => c.Partner);
        builder.Property(c => c.Partner).HasMaxLength(8);
    }
}
