using System.Diagnostics;
using System.Globalization;
using Federation.Contracts.V1;
using Federation.Core.Delivery;
using Federation.Core.Identity;
using Federation.Core.Treaties;
using Federation.Testing;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Federation.Benchmarks;

/// <summary>
/// Fairness under a flood: three nodes; DE floods FR with as many concurrent Deliver calls as it can (ignoring every
/// RetryInfo, as a hostile or broken partner would), while JP delivers to FR at a steady low rate. JP's delivery
/// latency (call to acknowledgement: gate, verification, group commit) is measured quiet, then during the flood, in
/// the same run; the figure is the ratio (target at most 2). FR limits DE as an operator would for a partner it
/// distrusts (--de-in-flight, --de-rate); JP keeps the defaults.
/// Usage: flood [--seconds S] [--jp-rate N] [--flooders C] [--de-in-flight N] [--de-rate R]
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
        Console.WriteLine($"Federation flood: {seconds} s per phase, JP {jpRate}/s, DE {flooders} concurrent callers; FR limits DE to {deInFlight} in flight and {deRate}/s; {Environment.ProcessorCount} cores");

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
        var jpEnvelopes = Seal(federation["JP"], (jpRate * seconds * 2) + 10);
        var deEnvelopes = Seal(federation["DE"], 5000);
        var jp = PeerClientOf(federation["JP"], fr);
        var de = PeerClientOf(federation["DE"], fr);
        await jp.DeliverAsync(jpEnvelopes[^1]); // connect and warm up outside the clock
        await de.DeliverAsync(deEnvelopes[^1]);

        var jpNext = 0;
        var quiet = await SteadyAsync(jp, jpEnvelopes, () => jpNext++, jpRate, seconds);

        using var stop = new CancellationTokenSource();
        long admitted = 0;
        long refused = 0;
        var flood = Task.WhenAll(Enumerable.Range(0, flooders).Select(async i =>
        {
            var n = i;
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    await de.DeliverAsync(deEnvelopes[n++ % deEnvelopes.Count], cancellationToken: stop.Token);
                    Interlocked.Increment(ref admitted);
                }
                catch (RpcException ex) when (ex.StatusCode == StatusCode.ResourceExhausted)
                {
                    Interlocked.Increment(ref refused);
                }
                catch (RpcException) when (stop.IsCancellationRequested)
                {
                    return;
                }
            }
        }));
        await Task.Delay(TimeSpan.FromSeconds(1)); // let the flood reach its plateau before measuring
        var flooded = await SteadyAsync(jp, jpEnvelopes, () => jpNext++, jpRate, seconds);
        await stop.CancelAsync();
        await flood;

        Console.WriteLine($"DE during the flood: {admitted:N0} calls admitted, {refused:N0} refused with RESOURCE_EXHAUSTED");
        Console.WriteLine();
        Console.WriteLine("| JP → FR delivery latency | p50 ms | p99 ms |");
        Console.WriteLine("|---|---:|---:|");
        Console.WriteLine($"| quiet | {Percentile(quiet, 50):0.00} | {Percentile(quiet, 99):0.00} |");
        Console.WriteLine($"| while DE floods | {Percentile(flooded, 50):0.00} | {Percentile(flooded, 99):0.00} |");
        Console.WriteLine($"| ratio (target ≤ 2) | {Percentile(flooded, 50) / Percentile(quiet, 50):0.00} | {Percentile(flooded, 99) / Percentile(quiet, 99):0.00} |");
        return 0;
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
