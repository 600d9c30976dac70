using System.Diagnostics;

namespace Federation.Benchmarks;

/// <summary>This executable again, with a hidden verb (<c>echo-server</c>, <c>guard</c>), as a process of its own.</summary>
internal static class SelfProcess
{
    /// <summary>Input and output redirected: the child tells it is ready on its output and watches its input.</summary>
    public static ProcessStartInfo StartInfo(IEnumerable<string> args)
    {
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("This process has no executable path to start again.");
        var start = new ProcessStartInfo(self) { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            // Run as "dotnet Federation.Benchmarks.dll": the muxer needs the assembly.
            start.ArgumentList.Add(typeof(SelfProcess).Assembly.Location);
        }

        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return start;
    }
}
