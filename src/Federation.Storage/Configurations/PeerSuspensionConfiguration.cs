using Federation.Core.Peers;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Federation.Storage.Configurations;

internal sealed class PeerSuspensionConfiguration : IEntityTypeConfiguration<PeerSuspension>
{
    public void Configure(EntityTypeBuilder<PeerSuspension> builder)
    {
        builder.ToTable("PeerSuspensions");
        builder.HasKey(p => p.Jurisdiction);
        builder.Property(p => p.Jurisdiction).HasMaxLength(8);
        // The reason is checked to 500 characters; escaping a control character may lengthen it.
        builder.Property(p => p.Reason).HasMaxLength(PeerSuspension.MaxReasonLength * 2);
        builder.Property(p => p.SuspendedBy).HasMaxLength(200);
    }
}
