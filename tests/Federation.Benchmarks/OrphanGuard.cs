using System.Diagnostics;
using System.Globalization;

namespace Federation.Benchmarks;

/// <summary>
/// Kills the node processes of <c>load --processes</c> once the load tool is gone, however it went (SIGKILL included, which
/// leaves the tool no chance to). The nodes are the product's own executable, which knows nothing of the load tool and
/// must not learn of it, so this small process watches for them (<see cref="OrphanGuardProcess"/> starts it): when its
/// parent dies (<see cref="ParentWatch"/>, polled each second) or its input closes, it kills every watched process that is
/// still the one it was given (same start time: a process id reused since is left alone), and exits.
/// Usage (hidden verb): guard --parent PID --pid PID [--pid PID ...]
/// </summary>
internal static class OrphanGuard
{
    public static async Task<int> RunAsync(string[] args)
    {
        var parent = ParentWatch.Parent(args);
        var watched = new List<(int Pid, DateTime Started)>();
        for (var i = 0; i + 1 < args.Length; i++)
        {
            if (args[i] == "--pid" && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var pid) && StartTime(pid) is { } started)
            {
                watched.Add((pid, started));
            }
        }

        // The start times are taken: from here on a kill of the parent is covered.
        Console.WriteLine($"guarding {string.Join(' ', watched.Select(w => w.Pid))}");
        using var done = new CancellationTokenSource();
        var inputClosed = Task.Run(async () =>
        {
            while (await Console.In.ReadLineAsync(done.Token) is not null)
            {
            }
        }, CancellationToken.None);
        await Task.WhenAny(ParentWatch.GoneAsync(parent, done.Token), inputClosed);
        await done.CancelAsync();
        foreach (var (pid, started) in watched)
        {
            if (StartTime(pid) == started)
            {
                try
                {
                    using var process = Process.GetProcessById(pid);
                    process.Kill(entireProcessTree: true);
                }
                catch (Exception gone) when (gone is ArgumentException or InvalidOperationException)
                {
                    // It exited meanwhile.
                }
            }
        }

        return 0;
    }

    private static DateTime? StartTime(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return process.HasExited ? null : process.StartTime;
        }
        catch (Exception gone) when (gone is ArgumentException or InvalidOperationException)
        {
            return null;
        }
    }
}
