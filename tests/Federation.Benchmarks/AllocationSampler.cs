using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace Federation.Benchmarks;

/// <summary>
/// The runtime's allocation samples (GCAllocationTick: about one per 100 KB allocated, naming the type that crossed
/// the mark), counted by type under the label of the round that runs: which types one flow allocates more of than
/// another. Sampled, so a type's share is an estimate; turned on by FEDERATION_LOAD_ALLOCS=1.
/// </summary>
internal sealed class AllocationSampler : EventListener
{
    private const EventKeywords GcKeyword = (EventKeywords)0x1;

    private readonly ConcurrentDictionary<(string Label, string Type), long> _bytes = new();

    /// <summary>The label samples are counted under now; null between rounds.</summary>
    public string? Label { get; set; }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Verbose, GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (Label is not { } label || eventData.EventName is null || !eventData.EventName.StartsWith("GCAllocationTick", StringComparison.Ordinal)
            || eventData.PayloadNames is not { } names)
        {
            return;
        }

        var type = names.IndexOf("TypeName") is var t and >= 0 ? eventData.Payload![t] as string ?? "?" : "?";
        var amount = names.IndexOf("AllocationAmount64") is var a and >= 0 ? Convert.ToInt64(eventData.Payload![a], System.Globalization.CultureInfo.InvariantCulture) : 100_000;
        _bytes.AddOrUpdate((label, type), amount, (_, sum) => sum + amount);
    }

    /// <summary>Per type, KiB sampled under one label per share, the largest first: where a flow's allocations go.</summary>
    public void PrintLargest(string label, long shares, int top = 40)
    {
        var types = _bytes.Where(k => k.Key.Label == label).OrderByDescending(k => k.Value).Take(top).ToList();
        Console.WriteLine($"Allocation samples under {label}, KiB per share, largest first (of {_bytes.Where(k => k.Key.Label == label).Sum(k => k.Value) / 1024.0 / shares:N1} sampled):");
        foreach (var (key, bytes) in types)
        {
            Console.WriteLine($"  {bytes / 1024.0 / shares,8:N2}  {key.Type}");
        }
    }

    /// <summary>Per type, KiB sampled under each of the two labels per share, the largest differences first.</summary>
    public void Print(string first, long firstShares, string second, long secondShares, int top = 25)
    {
        var types = _bytes.Keys.Select(k => k.Type).Distinct().Select(type =>
            (Type: type, First: _bytes.GetValueOrDefault((first, type)) / 1024.0 / firstShares, Second: _bytes.GetValueOrDefault((second, type)) / 1024.0 / secondShares))
            .OrderByDescending(x => x.First - x.Second).Take(top);
        Console.WriteLine($"Allocation samples, KiB per share: {first} | {second} | type");
        foreach (var (type, a, b) in types)
        {
            Console.WriteLine($"  {a,8:N2} {b,8:N2}  {type}");
        }
    }
}
