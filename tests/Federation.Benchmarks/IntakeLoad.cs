using System.Diagnostics;
using System.Globalization;
using System.Text;
using Federation.Testing;

namespace Federation.Benchmarks;

/// <summary>
/// Intake under load: <c>--submitters</c> concurrent tools (each its own connection, as separate reporters would be)
/// posting reports to POST /api/v1/reports of a real node over HTTPS, next to the same number of readers of a static
/// file (/static/site.css) served by the same public listener, measured in the same run (static, intake, static
/// again, so drift shows). The intake's rate limit is raised for the run through its setting. Prints p50/p99 of
/// each and their ratios.
/// Then an open loop: the same submitters each sending at a fixed pace (<c>--rate</c> requests a second in all), which
/// is the latency a reporter sees at that load; the closed loop above is the capacity.
/// Usage: intake-load [--submitters 100] [--per-submitter 20] [--rate 200] [--seconds 15]
/// </summary>
internal static class IntakeLoad
{
    public static async Task<int> RunAsync(string[] args)
    {
        var submitters = Arg(args, "--submitters", 100);
        var perSubmitter = Arg(args, "--per-submitter", 20);
        var offered = Arg(args, "--rate", 200);
        var seconds = Arg(args, "--seconds", 15);
        Console.WriteLine($"Intake load: {submitters} concurrent submitters x {perSubmitter} reports, against a static file on the same listener; {Environment.ProcessorCount} cores");
        await using var federation = await TestFederation.StartAsync(["FR", "DE"], extraSettings: new Dictionary<string, string?>
        {
            ["Federation:Intake:PermitsPerWindow"] = "1000000",
        });
        var node = federation["FR"];
        var clients = Enumerable.Range(0, submitters).Select(_ => node.CreatePublicClient(useCookies: false)).ToList();
        try
        {
            // Warm-up: every connection opened and the paths compiled before the clocks start.
            await RunAsync(clients, 5, Static);
            await RunAsync(clients, 5, Submit);
            var warmRounds = await SettleJitAsync(clients);
            Console.WriteLine(warmRounds < MaxWarmRounds
                ? $"Warm-up: {warmRounds} rounds until the JIT settled ({System.Runtime.JitInfo.GetCompiledMethodCount()} methods compiled)."
                : $"Warm-up: {warmRounds} rounds, the JIT still compiling a little ({System.Runtime.JitInfo.GetCompiledMethodCount()} methods compiled).");

            var staticBefore = await RunAsync(clients, perSubmitter, Static);
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var wall = Stopwatch.StartNew();
            var intake = await RunAsync(clients, perSubmitter, Submit);
            var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
            var rate = intake.Count / wall.Elapsed.TotalSeconds;
            var staticAfter = await RunAsync(clients, perSubmitter, Static);
            var staticAll = staticBefore.Concat(staticAfter).ToList();

            Console.WriteLine($"Intake POST /api/v1/reports: {Summary(intake)}; {rate:0} reports/s; CPU {cpu.TotalMilliseconds / intake.Count:0.00} ms per report (client and node in one process).");
            Console.WriteLine($"Static GET /static/site.css:  {Summary(staticAll)} (before {Summary(staticBefore)}, after {Summary(staticAfter)})");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Closed loop ratios intake/static: p50 {Percentile(intake, 50) / Percentile(staticAll, 50):0.0}x, p99 {Percentile(intake, 99) / Percentile(staticAll, 99):0.0}x; intake p99 {(Percentile(intake, 99) < 50 ? "under" : "over")} 50 ms."));

            // Open loop: the same submitters, each sending at a fixed pace whatever the answers take, so the figure is the
            // latency a submitter sees at that load rather than the length of a queue the tool itself keeps full.
            var pacedStatic = await RunPacedAsync(clients, offered, seconds, Static);
            var pacedIntake = await RunPacedAsync(clients, offered, seconds, Submit);
            Console.WriteLine($"Open loop at {offered} requests/s offered by {submitters} submitters for {seconds} s each:");
            Console.WriteLine($"  intake {Summary(pacedIntake)}; static {Summary(pacedStatic)}");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  ratios intake/static: p50 {Percentile(pacedIntake, 50) / Percentile(pacedStatic, 50):0.0}x, p99 {Percentile(pacedIntake, 99) / Percentile(pacedStatic, 99):0.0}x; intake p99 {(Percentile(pacedIntake, 99) < 50 ? "under" : "over")} the 50 ms target."));
            return 0;
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }
    }

    /// <summary>
    /// A node serves for weeks, so the figure that matters is its steady state: tiered compilation first runs quickly
    /// compiled code and recompiles the hot paths in the background, and on two busy cores that backlog takes tens of
    /// seconds to drain (a profile of a cold run spends a fifth of its CPU in the JIT). Rounds of both calls run until
    /// a round compiles almost nothing new (bounded, so a run always ends).
    /// </summary>
    private const int MaxWarmRounds = 40;

    private static async Task<int> SettleJitAsync(List<HttpClient> clients)
    {
        for (var round = 1; round <= MaxWarmRounds; round++)
        {
            var before = System.Runtime.JitInfo.GetCompiledMethodCount();
            await RunAsync(clients, 3, Static);
            await RunAsync(clients, 3, Submit);
            if (System.Runtime.JitInfo.GetCompiledMethodCount() - before < 5)
            {
                return round;
            }
        }

        return MaxWarmRounds;
    }

    private static async Task<double> Static(HttpClient client, int i)
    {
        var started = Stopwatch.GetTimestamp();
        using var response = await client.GetAsync("static/site.css");
        _ = await response.Content.ReadAsByteArrayAsync();
        response.EnsureSuccessStatusCode();
        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    private static async Task<double> Submit(HttpClient client, int i)
    {
        var body = $$"""
            {"language":"en","title":"Load report {{i}}","synopsis":"A crafted prompt defeats the guardrails.","technical_description":"Role-play framing.",
             "vendor":"Acme","product":"TriageBot","model_version":"2.0","sector":"health","taxonomy_class":"llm-jailbreak","component":"guardrails",
             "consent":{"share_summary":true,"name_vendor":true,"name_reporter":false},"accepted_policy_version":"dev-placeholder-1"}
            """;
        var started = Stopwatch.GetTimestamp();
        using var response = await client.PostAsync("api/v1/reports", new StringContent(body, Encoding.UTF8, "application/json"));
        _ = await response.Content.ReadAsByteArrayAsync();
        if (response.StatusCode != System.Net.HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"A submission was answered {(int)response.StatusCode}.");
        }

        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    private static async Task<List<double>> RunAsync(List<HttpClient> clients, int each, Func<HttpClient, int, Task<double>> call)
    {
        var results = await Task.WhenAll(clients.Select(async (client, c) =>
        {
            var latencies = new List<double>(each);
            for (var i = 0; i < each; i++)
            {
                latencies.Add(await call(client, c * each + i));
            }

            return latencies;
        }));
        return results.SelectMany(l => l).ToList();
    }

    /// <summary>
    /// Each client sends at <paramref name="rate"/> / clients per second, phases spread evenly. A latency counts from the
    /// instant the request was due, not from when it went out, so a stalled server cannot hide its stall by slowing the
    /// tool down (coordinated omission).
    /// </summary>
    private static async Task<List<double>> RunPacedAsync(List<HttpClient> clients, int rate, int seconds, Func<HttpClient, int, Task<double>> call)
    {
        var interval = TimeSpan.FromSeconds((double)clients.Count / rate);
        var each = Math.Max(1, rate * seconds / clients.Count);
        var start = Stopwatch.GetTimestamp();
        var results = await Task.WhenAll(clients.Select(async (client, c) =>
        {
            var latencies = new List<double>(each);
            var phase = interval * c / clients.Count;
            for (var i = 0; i < each; i++)
            {
                var due = phase + interval * i;
                var wait = due - Stopwatch.GetElapsedTime(start);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait);
                }

                var late = (Stopwatch.GetElapsedTime(start) - due).TotalMilliseconds;
                latencies.Add(Math.Max(0, late) + await call(client, c * each + i));
            }

            return latencies;
        }));
        return results.SelectMany(l => l).ToList();
    }

    private static string Summary(List<double> latencies) =>
        string.Create(CultureInfo.InvariantCulture, $"n={latencies.Count} p50 {Percentile(latencies, 50):0.00} ms, p99 {Percentile(latencies, 99):0.00} ms");

    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    private static int Arg(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length && int.TryParse(args[at + 1], CultureInfo.InvariantCulture, out var value) ? value : fallback;
    }
}
