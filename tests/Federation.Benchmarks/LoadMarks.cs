using System.Diagnostics;
using System.Globalization;

namespace Federation.Benchmarks;

/// <summary>
/// With FEDERATION_LOAD_MARKS=1, a measured window printed as "mark LABEL START,END" in CLOCK_MONOTONIC seconds
/// (Stopwatch's clock on Linux, perf's with <c>-k mono</c>), for <c>perf script --time START,END</c>: the profile of
/// the measured work only, not of the warm-up, the setup or the baseline beside it.
/// </summary>
internal static class LoadMarks
{
    public static void Print(string label, long startedAt)
    {
        if (Environment.GetEnvironmentVariable("FEDERATION_LOAD_MARKS") == "1")
        {
            Console.WriteLine($"  mark {label} {Seconds(startedAt)},{Seconds(Stopwatch.GetTimestamp())}");
        }
    }

    private static string Seconds(long ticks) => (ticks / (double)Stopwatch.Frequency).ToString("F6", CultureInfo.InvariantCulture);
}
