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
            var (anonymous, file) = ResidentParts(process.Id);
            uses.Add(new ProcessUse(name, process.Id, process.TotalProcessorTime, process.WorkingSet64, anonymous, file));
        }

        return uses;
    }

    /// <summary>RssAnon and RssFile of /proc/PID/status, in bytes; zeros off Linux or when the process is gone.</summary>
    private static (long Anonymous, long File) ResidentParts(int pid)
    {
        try
        {
            long anonymous = 0, file = 0;
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("RssAnon:", StringComparison.Ordinal))
                {
                    anonymous = Kilobytes(line) * 1024;
                }
                else if (line.StartsWith("RssFile:", StringComparison.Ordinal))
                {
                    file = Kilobytes(line) * 1024;
                }
            }

            return (anonymous, file);
        }
        catch (IOException)
        {
            return (0, 0);
        }
        catch (UnauthorizedAccessException)
        {
            return (0, 0);
        }
    }

    private static long Kilobytes(string line) =>
        long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);

    public void Dispose()
    {
        foreach (var (_, process) in _processes)
        {
            process.Dispose();
        }
    }
}
