using System.Diagnostics;
using System.Globalization;

namespace Federation.Benchmarks;

/// <summary>
/// How a process the load tool started learns that the tool is gone, even killed with SIGKILL (which runs no cleanup of
/// the tool's): it polls once a second. On Linux it reads its own parent's id from /proc/self/stat, which the kernel sets to
/// another process the moment the parent dies, so neither a dead parent left unreaped nor a reused process id can fool it;
/// elsewhere it looks the parent up by id.
/// </summary>
internal static class ParentWatch
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);

    /// <summary>The <c>--parent PID</c> of <paramref name="args"/>.</summary>
    public static int Parent(string[] args)
    {
        var index = Array.IndexOf(args, "--parent");
        return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], CultureInfo.InvariantCulture, out var pid) && pid > 0
            ? pid
            : throw new ArgumentException("A process the load tool starts needs --parent PID (the load tool's process id).");
    }

    /// <summary>Completes once process <paramref name="parent"/> is no longer this process's parent (it died).</summary>
    public static async Task GoneAsync(int parent, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(Poll);
        while (IsParent(parent))
        {
            await timer.WaitForNextTickAsync(cancellationToken);
        }
    }

    private static bool IsParent(int parent)
    {
        if (OperatingSystem.IsLinux())
        {
            // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so fields are counted after its last ')'.
            var stat = File.ReadAllText("/proc/self/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return int.Parse(fields[1], CultureInfo.InvariantCulture) == parent;
        }

        try
        {
            using var process = Process.GetProcessById(parent);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
