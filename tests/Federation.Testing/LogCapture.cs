using System.Collections.Concurrent;
using Serilog.Core;
using Serilog.Events;

namespace Federation.Testing;

/// <summary>
/// Keeps a node's log events (at the node's configured level) for a test to assert on. Registered as
/// an <see cref="ILogEventSink"/> service, which the node's Serilog setup reads from its services.
/// </summary>
public sealed class LogCapture : ILogEventSink
{
    private readonly ConcurrentQueue<LogEvent> _events = new();

    public IReadOnlyList<LogEvent> Events => [.. _events];

    public void Emit(LogEvent logEvent) => _events.Enqueue(logEvent);

    /// <summary>Events whose source (logger category) starts with <paramref name="prefix"/>.</summary>
    public IReadOnlyList<LogEvent> From(string prefix) =>
        [.. _events.Where(e => e.Properties.TryGetValue("SourceContext", out var source)
            && source is ScalarValue { Value: string name } && name.StartsWith(prefix, StringComparison.Ordinal))];
}
