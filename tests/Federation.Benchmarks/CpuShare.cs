using System.Diagnostics;

namespace Federation.Benchmarks;

/// <summary>
/// CPU time the nodes' process (and the flooder's, when it has its own) used over some measured windows, as a number of
/// cores busy on average: 1.00 is one core all the time. Shows whether a window was short of CPU, and whose.
/// </summary>
internal sealed class CpuShare
{
    private TimeSpan _wall;
    private TimeSpan _nodes;
    private TimeSpan _flooder;

    public double Nodes => _wall > TimeSpan.Zero ? _nodes / _wall : 0;

    public double Flooder => _wall > TimeSpan.Zero ? _flooder / _wall : 0;

    public async Task<T> MeasureAsync<T>(FloodClientProcess? flooder, Func<Task<T>> window)
    {
        using var self = Process.GetCurrentProcess();
        var nodesBefore = self.TotalProcessorTime;
        var flooderBefore = flooder?.CpuTime ?? TimeSpan.Zero;
        var clock = Stopwatch.StartNew();
        var result = await window();
        _wall += clock.Elapsed;
        self.Refresh();
        _nodes += self.TotalProcessorTime - nodesBefore;
        _flooder += (flooder?.CpuTime ?? TimeSpan.Zero) - flooderBefore;
        return result;
    }
}
