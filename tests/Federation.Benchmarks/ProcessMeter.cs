using System.Diagnostics;

namespace Federation.Benchmarks;

/// <summary>
/// Reads the CPU time and resident memory of the load run's processes (the load tool itself, the echo server, each node),
/// so that a round can say which process its time went to. On Linux both come from /proc/PID (stat, status).
/// </summary>
internal sealed class ProcessMeter : IDisposable
{
    private readonly List<(string Name, Process Process)> _processes = [];

    public ProcessMeter(IEnumerable<(string Name, int Pid)> processes)
    {
        foreach (var (name, pid) in processes)
        {
            _processes.Add((name, Process.GetProcessById(pid)));
        }
    }

    public IReadOnlyList<string> Names => [.. _processes.Select(p => p.Name)];

    public IReadOnlyList<ProcessUse> Sample()
    {
        var uses = new List<ProcessUse>(_processes.Count);
        foreach (var (name, process) in _processes)
        {
            process.Refresh();
            uses.Add(new ProcessUse(name, process.Id, process.TotalProcessorTime, process.WorkingSet64));
        }

        return uses;
    }

    public void Dispose()
    {
        foreach (var (_, process) in _processes)
        {
            process.Dispose();
        }
    }
}
