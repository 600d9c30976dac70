namespace Federation.Benchmarks;

/// <summary>What DE's flood got from FR: calls acknowledged, refused with RESOURCE_EXHAUSTED, failed otherwise (e.g. a closed connection).</summary>
internal sealed record FloodCounts(long Admitted, long Refused, long Failed)
{
    /// <summary>Parses the child's last line, "admitted A refused R failed F".</summary>
    public static FloodCounts Parse(string line)
    {
        var words = line.Split(' ');
        return words is ["admitted", var a, "refused", var r, "failed", var f]
            ? new FloodCounts(long.Parse(a, System.Globalization.CultureInfo.InvariantCulture), long.Parse(r, System.Globalization.CultureInfo.InvariantCulture),
                long.Parse(f, System.Globalization.CultureInfo.InvariantCulture))
            : throw new FormatException($"The flood client answered \"{line}\", not its counts.");
    }
}
