namespace Federation.Core.Dashboard;

/// <summary>How many cases were published in one calendar quarter (UTC).</summary>
public sealed record QuarterCount(int Year, int Quarter, int Count)
{
    /// <summary>"2026-Q4": the label the JSON feed and the charts' data tables use.</summary>
    public string Label => $"{Year:D4}-Q{Quarter}";

    public static (int Year, int Quarter) Of(DateTimeOffset instant)
    {
        var utc = instant.UtcDateTime;
        return (utc.Year, ((utc.Month - 1) / 3) + 1);
    }
}
