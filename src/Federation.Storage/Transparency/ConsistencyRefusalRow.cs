namespace Federation.Storage.Transparency;

/// <summary>A partner log's consistency proof refusals in a row (<see cref="Core.Transparency.IConsistencyRefusalStore"/>); no row: none.</summary>
internal sealed class ConsistencyRefusalRow
{
    public string Log { get; set; } = string.Empty;
    public int InARow { get; set; }
    public DateTimeOffset LastAt { get; set; }
}
