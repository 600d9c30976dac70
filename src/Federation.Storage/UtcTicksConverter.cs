using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Federation.Storage;

/// <summary>Every DateTimeOffset column: its UTC ticks. Plain reads of those columns (outside EF Core) convert with <see cref="FromTicks"/>.</summary>
internal sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
    v => v.UtcTicks,
    v => new DateTimeOffset(v, TimeSpan.Zero))
{
    /// <summary>What the converter reads from a stored value, for readers that bypass EF Core (TransparencyLogStoreTests compare such a read with EF Core's).</summary>
    public static DateTimeOffset FromTicks(long ticks) => new(ticks, TimeSpan.Zero);
}
