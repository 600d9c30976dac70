using System.Globalization;

namespace Federation.Benchmarks;

/// <summary>
/// Splits a round's share/echo ratio into two factors. A rate is the cores kept busy divided by the CPU one message
/// takes, so
/// <c>share rate / echo rate = (echo CPU a message / share CPU a message) × (share's cores busy / echo's cores busy)</c>,
/// exactly when each flow's CPU and wall time are taken over the window of its rate (in `--processes` the echo's window
/// also holds its one warm-up call, and /proc counts CPU in 10 ms ticks: use rounds of 100,000 there for three digits).
/// The first factor is the bookkeeping (signing, checking, storing, logging): steadier than a rate on a shared machine,
/// since another tenant slows both flows more than it adds to their CPU, though not immune to it. The second is how well
/// each flow keeps the cores busy: its pipeline, waits, single writers, GC pauses. The goal (0.5) needs their product;
/// this says which one is short.
/// </summary>
internal sealed class CpuFactors
{
    private readonly List<(double Cpu, double Busy)> _rounds = [];

    /// <summary>One round: each flow's CPU (every process it runs in), wall time and messages.</summary>
    public string Add(TimeSpan echoCpu, TimeSpan echoWall, TimeSpan shareCpu, TimeSpan shareWall, int messages)
    {
        var echoPerMessage = echoCpu / messages;
        var sharePerMessage = shareCpu / messages;
        var cpu = echoPerMessage / sharePerMessage;
        var busy = (shareCpu / shareWall) / (echoCpu / echoWall);
        _rounds.Add((cpu, busy));
        return string.Create(CultureInfo.InvariantCulture,
            $"  CPU a message: echo {echoPerMessage.TotalMicroseconds:N1} µs, share {sharePerMessage.TotalMicroseconds:N1} µs; ratio = CPU factor {cpu:0.000} × busy factor {busy:0.00} " +
            $"(share {shareCpu / shareWall:0.00} cores, echo {echoCpu / echoWall:0.00})");
    }

    public void Print()
    {
        if (_rounds.Count == 0)
        {
            return;
        }

        var cpu = ShareLoad.Median([.. _rounds.Select(r => r.Cpu)]);
        var busy = ShareLoad.Median([.. _rounds.Select(r => r.Busy)]);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Ratio factors (median of rounds): CPU factor {cpu:0.000} (the share takes {1 / cpu:0.0} times the echo's CPU a message), busy factor {busy:0.00}; " +
            $"at this busy factor a ratio of 0.5 needs a CPU factor of {0.5 / busy:0.000}, at most {2 * busy:0.0} times the echo's CPU"));
    }
}
