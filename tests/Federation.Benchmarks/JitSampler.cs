using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace Federation.Benchmarks;

/// <summary>
/// The methods the JIT compiles while a round is measured (the runtime's MethodLoadVerbose events), counted by namespace
/// and type: a steady flow should compile next to nothing, so what keeps being compiled is code made per call (expression
/// trees, dynamic methods). Turned on by FEDERATION_LOAD_JIT=1; printed after the rounds.
/// </summary>
internal sealed class JitSampler : EventListener
{
    private const EventKeywords JitKeyword = (EventKeywords)0x10;

    private readonly ConcurrentDictionary<string, int> _methods = new(StringComparer.Ordinal);

    /// <summary>Counting only while true (the measured share rounds).</summary>
    public bool On { get; set; }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Verbose, JitKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (!On || eventData.EventName is null || !eventData.EventName.StartsWith("MethodLoadVerbose", StringComparison.Ordinal)
            || eventData.PayloadNames is not { } names)
        {
            return;
        }

        var ns = names.IndexOf("MethodNamespace") is var n and >= 0 ? eventData.Payload![n] as string ?? "?" : "?";
        var name = names.IndexOf("MethodName") is var m and >= 0 ? eventData.Payload![m] as string ?? "?" : "?";
        var key = ns.Length > 120 ? ns[..120] : ns;
        _methods.AddOrUpdate($"{key} :: {(name.Length > 40 ? name[..40] : name)}", 1, (_, c) => c + 1);
    }

    public void Print(int top = 40)
    {
        Console.WriteLine($"Methods compiled during measured share rounds: {_methods.Values.Sum():N0}; the most by type and name:");
        foreach (var (key, count) in _methods.OrderByDescending(kv => kv.Value).Take(top))
        {
            Console.WriteLine($"  {count,6:N0}  {key}");
        }
    }
}
