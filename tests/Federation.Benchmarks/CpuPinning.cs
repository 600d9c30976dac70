using System.Diagnostics;
using System.Globalization;

namespace Federation.Benchmarks;

/// <summary>
/// Splits this machine's CPUs between the nodes and a hostile client, as two machines would be: Linux only, through
/// <c>taskset</c> (util-linux). <see cref="Process.ProcessorAffinity"/> is not enough for a running .NET process: on Linux
/// it calls sched_setaffinity for the process id, which moves the main thread only, not the thread pool, Kestrel's I/O
/// threads or the GC's; <c>taskset -a</c> moves every thread, and threads started later inherit their creator's CPUs.
/// </summary>
internal static class CpuPinning
{
    /// <summary>The CPUs this process may run on (its Cpus_allowed_list), e.g. [0, 1].</summary>
    public static IReadOnlyList<int> AllowedCpus() => Parse(AllowedList("self"));

    /// <summary>Pins every thread of process <paramref name="pid"/> to <paramref name="cpus"/>; throws if taskset fails.</summary>
    public static void PinAllThreads(int pid, IReadOnlyList<int> cpus)
    {
        var start = new ProcessStartInfo("taskset") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "-a", "-p", "-c", Format(cpus), pid.ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(arg);
        }

        using var taskset = Process.Start(start) ?? throw new InvalidOperationException("Could not start taskset.");
        var error = taskset.StandardError.ReadToEnd();
        taskset.StandardOutput.ReadToEnd();
        taskset.WaitForExit();
        if (taskset.ExitCode != 0)
        {
            throw new InvalidOperationException($"taskset -a -p -c {Format(cpus)} {pid} failed ({taskset.ExitCode}): {error.Trim()}");
        }
    }

    /// <summary>How many threads process <paramref name="pid"/> has, and how many of them may run outside <paramref name="cpus"/>.</summary>
    public static (int Threads, int Outside) Check(int pid, IReadOnlyList<int> cpus)
    {
        var expected = Format(cpus);
        var threads = 0;
        var outside = 0;
        foreach (var task in Directory.EnumerateDirectories($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/task"))
        {
            string list;
            try
            {
                list = AllowedList(Path.Combine(pid.ToString(CultureInfo.InvariantCulture), "task", Path.GetFileName(task)));
            }
            catch (IOException)
            {
                continue; // the thread ended while we looked
            }

            threads++;
            if (Format(Parse(list)) != expected)
            {
                outside++;
            }
        }

        return (threads, outside);
    }

    /// <summary>"0-1,4" → [0, 1, 4].</summary>
    public static IReadOnlyList<int> Parse(string list) =>
        [.. list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).SelectMany(part =>
        {
            var bounds = part.Split('-');
            var first = int.Parse(bounds[0], CultureInfo.InvariantCulture);
            var last = bounds.Length == 2 ? int.Parse(bounds[1], CultureInfo.InvariantCulture) : first;
            return Enumerable.Range(first, last - first + 1);
        })];

    /// <summary>[0, 1, 4] → "0,1,4" (what taskset -c takes).</summary>
    public static string Format(IReadOnlyList<int> cpus) => string.Join(',', cpus.Order().Select(c => c.ToString(CultureInfo.InvariantCulture)));

    private static string AllowedList(string procPath)
    {
        var line = File.ReadLines($"/proc/{procPath}/status").FirstOrDefault(l => l.StartsWith("Cpus_allowed_list:", StringComparison.Ordinal))
            ?? throw new IOException($"/proc/{procPath}/status names no Cpus_allowed_list.");
        return line["Cpus_allowed_list:".Length..].Trim();
    }
}
