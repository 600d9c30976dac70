using System.Collections.Concurrent;
using Grpc.Core;

namespace Federation.Testing;

/// <summary>How a node answered a fuzz run: counts per mutation and status, and the first unexpected answers in full.</summary>
public sealed class FuzzReport
{
    private readonly ConcurrentDictionary<(string Mutation, StatusCode Status), int> _counts = new();
    private readonly ConcurrentQueue<string> _unexpected = new();

    public int Total => _counts.Values.Sum();

    public IReadOnlyDictionary<(string Mutation, StatusCode Status), int> Counts => _counts;

    /// <summary>Answers outside <see cref="EnvelopeFuzzer.Expected"/>, with their detail (the first 20).</summary>
    public IReadOnlyCollection<string> Unexpected => _unexpected;

    public int UnexpectedCount { get; private set; }

    public void Record(string mutation, StatusCode status, string detail)
    {
        _counts.AddOrUpdate((mutation, status), 1, (_, n) => n + 1);
        if (!EnvelopeFuzzer.Expected.Contains(status))
        {
            lock (_unexpected)
            {
                UnexpectedCount++;
                if (_unexpected.Count < 20)
                {
                    _unexpected.Enqueue($"{mutation}: {status} {detail[..Math.Min(detail.Length, 300)]}");
                }
            }
        }
    }

    public override string ToString() => string.Join(Environment.NewLine,
        _counts.OrderBy(c => c.Key.Mutation, StringComparer.Ordinal).ThenBy(c => c.Key.Status)
            .Select(c => $"  {c.Key.Mutation,-32} {c.Key.Status,-20} {c.Value,8}"));
}
