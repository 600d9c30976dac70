using System.Diagnostics;
using System.Globalization;
using Federation.Contracts.V1;
using Federation.Core.Delivery;
using Federation.Core.Identity;
using Federation.Core.Treaties;
using Federation.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Federation.Benchmarks;

/// <summary>
/// Fairness under a flood: three nodes; DE floods FR with as many concurrent Deliver calls as it can (ignoring every
/// RetryInfo, as a hostile or broken partner would), while JP delivers to FR at a steady low rate. JP's delivery
/// latency (call to acknowledgement: gate, verification, group commit) is measured quiet, then during the flood, in
/// the same run; the figure is the ratio (target at most 2). FR limits DE as an operator would for a partner it
/// distrusts (--de-in-flight, --de-rate); JP keeps the defaults.
/// By default DE's flooding client runs in a process of its own (<see cref="FloodClient"/>) and the machine's CPUs are
/// split, as separate machines would split them: the nodes' process (FR, JP's client, the idle DE and JP nodes) on the
/// first half, the flooder on the other, for both phases. <c>--no-pin</c> keeps the separate process without the split;
/// <c>--in-process</c> is the earlier measurement, the flooder on the nodes' own thread pool and CPUs.
/// JP first sends for --warmup seconds (default 3) that are not counted; then --rounds (default 5) pairs of windows, quiet then
/// flood, share the --seconds of each phase, each flood window after a second for the flood to reach its plateau.
/// Usage: flood [--seconds S] [--rounds R] [--warmup S] [--jp-rate N] [--flooders C] [--de-in-flight N] [--de-rate R] [--in-process | --no-pin]
/// </summary>
internal static class FloodLoad
{
    public static async Task<int> RunAsync(string[] args)
    {
        var seconds = ShareLoad.Arg(args, "--seconds", 10);
        var jpRate = ShareLoad.Arg(args, "--jp-rate", 20);
        var flooders = ShareLoad.Arg(args, "--flooders", 256);
        var deInFlight = ShareLoad.Arg(args, "--de-in-flight", 16);
        var deRate = ShareLoad.Arg(args, "--de-rate", 500);
        var warmup = ShareLoad.Arg(args, "--warmup", 3);
        var rounds = Math.Min(seconds, ShareLoad.Arg(args, "--rounds", 5));
        var inProcess = args.Contains("--in-process");
        var (nodeCpus, flooderCpus) = inProcess || args.Contains("--no-pin") ? (null, null) : SplitCpus();
        Console.WriteLine($"Federation flood: {seconds} s per phase in {rounds} rounds (quiet, then flood), JP {jpRate}/s, DE {flooders} concurrent callers; FR limits DE to {deInFlight} in flight and {deRate}/s; {Environment.ProcessorCount} cores");
        if (nodeCpus is not null)
        {
            // Before the nodes start: every thread they make inherits the CPUs of the thread that made it.
            CpuPinning.PinAllThreads(Environment.ProcessId, nodeCpus);
        }

        var settingsPerNode = new Dictionary<string, IDictionary<string, string?>>
        {
            ["FR"] = new Dictionary<string, string?>
            {
                ["Federation:Peer:Limits:Partners:DE:MaxCallsInFlight"] = deInFlight.ToString(CultureInfo.InvariantCulture),
                ["Federation:Peer:Limits:Partners:DE:MessagesPerSecond"] = deRate.ToString(CultureInfo.InvariantCulture),
            },
        };
        await using var federation = await TestFederation.StartAsync(["FR", "DE", "JP"], null, null, null, settingsPerNode);
        var fr = federation["FR"];
        var jpEnvelopes = Seal(federation["JP"], (jpRate * ((seconds * 2) + warmup)) + 10);
        var deEnvelopes = Seal(federation["DE"], 5000);
        var jp = PeerClientOf(federation["JP"], fr);
        await jp.DeliverAsync(jpEnvelopes[^1]); // connect and warm up outside the clock

        // The child is killed on the way out, whatever happens in between (await using: a finally).
        await using var flooder = inProcess
            ? null
            : await FloodClientProcess.StartAsync(federation["DE"], fr.PeerEndpoint, deEnvelopes, flooders, flooderCpus, CancellationToken.None);
        var de = inProcess ? PeerClientOf(federation["DE"], fr) : null;
        if (de is not null)
        {
            await de.DeliverAsync(deEnvelopes[^1]);
        }

        if (nodeCpus is not null)
        {
            // Again, for any thread made before the first pinning took hold (the runtime's own).
            CpuPinning.PinAllThreads(Environment.ProcessId, nodeCpus);
        }

        Console.WriteLine(Placement(flooder, nodeCpus, flooderCpus));

        var jpNext = 0;
        // Not counted: JP's path through FR is compiled and tiered up before the baseline is measured, not during it.
        await SteadyAsync(jp, jpEnvelopes, () => jpNext++, jpRate, warmup);

        // Quiet and flood windows alternate, so that whatever else the machine does at one moment falls on both alike.
        Func<Task> startFlood;
        Func<Task<FloodCounts>> stopFlood;
        if (flooder is not null)
        {
            startFlood = () => flooder.StartFloodAsync(CancellationToken.None);
            stopFlood = () => flooder.StopFloodAsync(CancellationToken.None);
        }
        else
        {
            CancellationTokenSource? stop = null;
            Task<FloodCounts>? flood = null;
            startFlood = () =>
            {
                stop = new CancellationTokenSource();
                flood = FloodClient.FloodAsync(de!, deEnvelopes, flooders, stop.Token);
                return Task.CompletedTask;
            };
            stopFlood = async () =>
            {
                await stop!.CancelAsync();
                var counted = await flood!;
                stop.Dispose();
                return counted;
            };
        }

        var quiet = new List<double>();
        var flooded = new List<double>();
        var counts = new FloodCounts(0, 0, 0);
        var quietCpu = new CpuShare();
        var floodCpu = new CpuShare();
        for (var round = 0; round < rounds; round++)
        {
            var window = (seconds / rounds) + (round < seconds % rounds ? 1 : 0);
            quiet.AddRange(await quietCpu.MeasureAsync(flooder, () => SteadyAsync(jp, jpEnvelopes, () => jpNext++, jpRate, window)));
            await startFlood();
            await Task.Delay(TimeSpan.FromSeconds(1)); // let the flood reach its plateau before measuring
            flooded.AddRange(await floodCpu.MeasureAsync(flooder, () => SteadyAsync(jp, jpEnvelopes, () => jpNext++, jpRate, window)));
            var these = await stopFlood();
            counts = new FloodCounts(counts.Admitted + these.Admitted, counts.Refused + these.Refused, counts.Failed + these.Failed);
            await Task.Delay(TimeSpan.FromSeconds(1)); // and FR to finish what the flood left in flight before the next quiet window
        }

        if (nodeCpus is not null)
        {
            Console.WriteLine($"After the flood: {Placement(flooder, nodeCpus, flooderCpus)}");
        }

        Console.WriteLine($"CPU used, in cores: nodes' process {quietCpu.Nodes:0.00} quiet, {floodCpu.Nodes:0.00} during the flood"
            + (flooder is null ? string.Empty : $"; DE's flooder {floodCpu.Flooder:0.00} during the flood"));
        Console.WriteLine($"DE during the flood: {counts.Admitted:N0} calls admitted, {counts.Refused:N0} refused with RESOURCE_EXHAUSTED, {counts.Failed:N0} failed otherwise");
        Console.WriteLine();
        Console.WriteLine("| JP → FR delivery latency | p50 ms | p99 ms |");
        Console.WriteLine("|---|---:|---:|");
        Console.WriteLine($"| quiet | {Percentile(quiet, 50):0.00} | {Percentile(quiet, 99):0.00} |");
        Console.WriteLine($"| while DE floods | {Percentile(flooded, 50):0.00} | {Percentile(flooded, 99):0.00} |");
        Console.WriteLine($"| ratio (target ≤ 2) | {Percentile(flooded, 50) / Percentile(quiet, 50):0.00} | {Percentile(flooded, 99) / Percentile(quiet, 99):0.00} |");
        return 0;
    }

    /// <summary>The first half of this process's CPUs for the nodes, the rest for the flooder; none on a single CPU or off Linux.</summary>
    private static (IReadOnlyList<int>? Nodes, IReadOnlyList<int>? Flooder) SplitCpus()
    {
        if (!OperatingSystem.IsLinux())
        {
            Console.WriteLine("Not pinned: CPU pinning here needs Linux (taskset).");
            return (null, null);
        }

        var cpus = CpuPinning.AllowedCpus();
        if (cpus.Count < 2)
        {
            Console.WriteLine($"Not pinned: this process may use {cpus.Count} CPU only.");
            return (null, null);
        }

        return ([.. cpus.Take(cpus.Count / 2)], [.. cpus.Skip(cpus.Count / 2)]);
    }

    /// <summary>Where each side runs, read back from /proc (every thread), not taken on trust.</summary>
    private static string Placement(FloodClientProcess? flooder, IReadOnlyList<int>? nodeCpus, IReadOnlyList<int>? flooderCpus)
    {
        if (flooder is null)
        {
            return "Placement: the flooder runs in the nodes' process, on the same CPUs (--in-process).";
        }

        if (nodeCpus is null || flooderCpus is null)
        {
            return $"Placement: the flooder in its own process ({flooder.Pid}), not pinned: both processes share every CPU.";
        }

        var (nodeThreads, nodeOutside) = CpuPinning.Check(Environment.ProcessId, nodeCpus);
        var (flooderThreads, flooderOutside) = CpuPinning.Check(flooder.Pid, flooderCpus);
        return $"Pinning: nodes' process {Environment.ProcessId} (FR, JP's client, idle DE and JP nodes) on CPU {CpuPinning.Format(nodeCpus)}, "
            + $"{nodeThreads - nodeOutside} of {nodeThreads} threads; DE's flooder process {flooder.Pid} on CPU {CpuPinning.Format(flooderCpus)}, "
            + $"{flooderThreads - flooderOutside} of {flooderThreads} threads";
    }

    /// <summary>JP's steady sender: one envelope every 1/rate seconds (each call on its own, never waiting for the last), latency of each.</summary>
    private static async Task<List<double>> SteadyAsync(Peer.PeerClient client, List<SignedEnvelope> envelopes, Func<int> next, int rate, int seconds)
    {
        var interval = TimeSpan.FromSeconds(1.0 / rate);
        var calls = new List<Task<double>>();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < rate * seconds; i++)
        {
            var due = interval * i;
            if (clock.Elapsed < due)
            {
                await Task.Delay(due - clock.Elapsed);
            }

            var envelope = envelopes[next()];
            calls.Add(Task.Run(async () =>
            {
                var started = Stopwatch.GetTimestamp();
                await client.DeliverAsync(envelope);
                return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }));
        }

        return [.. await Task.WhenAll(calls)];
    }

    /// <summary>Summaries sealed by <paramref name="node"/> for FR, each for its own case.</summary>
    private static List<SignedEnvelope> Seal(TestNode node, int count)
    {
        var sealer = node.Services.GetRequiredService<IEnvelopeSealer>();
        var treaty = node.Services.GetRequiredService<ITreatyRegistry>().All[0];
        var origin = JurisdictionCode.Parse(node.Jurisdiction);
        var fr = JurisdictionCode.Parse("FR");
        var now = DateTimeOffset.UtcNow;
        return [.. Enumerable.Range(0, count).Select(_ =>
        {
            var summary = new Core.Sharing.CaseSummary(FederationCaseId.New(origin, TimeProvider.System), 1, Core.Cases.Tlp.Amber,
                [new("title", "Guardrail bypass in a hospital triage assistant"), new("sector", "health"), new("taxonomy_class", "AML.T0054")]);
            return SignedEnvelope.Parser.ParseFrom(sealer.Seal(MessageId.New(origin, TimeProvider.System), fr, treaty, summary, now));
        })];
    }

    private static Peer.PeerClient PeerClientOf(TestNode caller, TestNode callee) =>
        new(ShareLoad.PeerLikeChannel(callee.PeerEndpoint, caller.Services.GetRequiredService<Federation.Node.Hosting.NodeRuntime>()));

    private static double Percentile(List<double> values, int percentile)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(percentile / 100.0 * sorted.Count) - 1)];
    }
}
