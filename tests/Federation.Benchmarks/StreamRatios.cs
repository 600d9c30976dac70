using System.Globalization;

namespace Federation.Benchmarks;

/// <summary>
/// The share rate against both baselines of issue 13, each measured in the same round as the share: the unary echo (the
/// tools' existing "ratio") and the stream echo (<see cref="StreamEchoRound"/>). Prints its own lines beside the tools'
/// existing ones, which scripts read (<c>^round N:</c>, <c>^Median ratio</c>, <c>^By process</c>) and which stay as they were.
/// </summary>
internal sealed class StreamRatios(int batchSize, int inFlight)
{
    private readonly List<(double Stream, double Unary, double Share)> _rounds = [];

    public int BatchSize => batchSize;

    public string Shape => $"stream echo: one bidirectional stream per round, batches of {batchSize}, {inFlight} envelopes in flight ({Math.Max(1, inFlight / batchSize)} {(inFlight / batchSize > 1 ? "batches" : "batch")}), one ack per batch";

    /// <summary>Keeps a measured round; returns its line.</summary>
    public string Add(double stream, double unary, double share)
    {
        _rounds.Add((stream, unary, share));
        return $"         stream echo {stream,9:N0}/s   share/stream echo {share / stream:P1}   unary/stream echo {unary / stream:P1}";
    }

    /// <summary>The medians: a table as the tools print theirs, then one line (<c>^Stream echo ratio</c>).</summary>
    public void Print(string flows)
    {
        if (_rounds.Count == 0)
        {
            return;
        }

        var stream = ShareLoad.Median([.. _rounds.Select(r => r.Stream)]);
        var unary = ShareLoad.Median([.. _rounds.Select(r => r.Unary)]);
        var share = ShareLoad.Median([.. _rounds.Select(r => r.Share)]);
        var toStream = _rounds.Select(r => r.Share / r.Stream).ToList();
        var toUnary = _rounds.Select(r => r.Share / r.Unary).ToList();
        Console.WriteLine();
        Console.WriteLine($"| {flows} (median of rounds) | per second | ratio to stream echo |");
        Console.WriteLine("|---|---:|---:|");
        Console.WriteLine($"| bare gRPC bidirectional stream echo, same envelopes, same mTLS, batches of {batchSize}, {inFlight} in flight | {stream:N0} | 1.00 |");
        Console.WriteLine($"| bare gRPC unary echo, {inFlight} calls in flight | {unary:N0} | {unary / stream:0.000} |");
        Console.WriteLine($"| share FR→DE, outbox to acknowledged | {share:N0} | {share / stream:0.000} |");
        // Medians of each round's own quotient: a round's share and baselines ran back to back, rounds may differ widely.
        Console.WriteLine($"Stream echo ratio: share/stream echo per round {Percentages(toStream)}: median {ShareLoad.Median(toStream):0.000}; " +
            $"share/unary echo per round {Percentages(toUnary)}: median {ShareLoad.Median(toUnary):0.000}");
    }

    private static string Percentages(List<double> ratios) => string.Join(", ", ratios.Select(r => r.ToString("P1", CultureInfo.InvariantCulture)));
}
