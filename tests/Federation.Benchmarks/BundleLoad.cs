using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Federation.Testing;
using Federation.Transparency.Bundles;

namespace Federation.Benchmarks;

/// <summary>
/// An auditor's bundle of N leaves (an in-memory log, a checkpoint every tenth of it): its size, the time to build
/// it, and the time BundleVerifier takes to check it from the file, next to the time to merely parse the same file
/// as JSON (the least any verifier does), measured in the same run. `bundle [--leaves N] [--runs R]`.
/// </summary>
public static class BundleLoad
{
    public static async Task<int> RunAsync(string[] args)
    {
        var leaves = Option(args, "--leaves", 100_000);
        var runs = Option(args, "--runs", 3);
        using var log = new MemoryLog();
        for (var i = 0; i < 10; i++)
        {
            log.Append(leaves / 10);
            log.Sign();
        }

        var clock = Stopwatch.StartNew();
        var bundle = await log.ExportAsync(0, log.Size);
        var path = Path.Combine(Path.GetTempPath(), $"bundle-load-{Guid.NewGuid():N}.json");
        try
        {
            await using (var file = File.Create(path))
            {
                await BundleJson.WriteAsync(file, bundle, CancellationToken.None);
            }

            var built = clock.Elapsed;
            var bytes = new FileInfo(path).Length;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"bundle of {log.Size} leaves, 10 checkpoints: {bytes / 1e6:F1} MB ({bytes / (double)log.Size:F0} B a leaf), built and written in {built.TotalSeconds:F2} s"));
            for (var run = 1; run <= runs; run++)
            {
                clock.Restart();
                await using (var file = File.OpenRead(path))
                {
                    using var document = await JsonDocument.ParseAsync(file);
                }

                var parse = clock.Elapsed;
                clock.Restart();
                await using (var file = File.OpenRead(path))
                {
                    BundleVerifier.Verify(BundleJson.Read(file), null, null, null);
                }

                var verify = clock.Elapsed;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"run {run}: verify {verify.TotalSeconds:F2} s ({log.Size / verify.TotalSeconds:F0} leaves/s), JSON parse alone {parse.TotalSeconds:F2} s, ratio {verify / parse:F1}"));
            }
        }
        finally
        {
            File.Delete(path);
        }

        return 0;
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
