using System.Diagnostics;
using System.Globalization;
using Federation.Contracts.V1;
using Federation.Testing;

namespace Federation.Benchmarks;

/// <summary>
/// The long fuzz run: <c>--envelopes</c> mutated envelopes (default 100,000) from an authenticated DE against FR's
/// real peer port, <c>--in-flight</c> at a time, seeded by <c>--seed</c> so a finding can be replayed. Prints the
/// answers per mutation and status; exits 1 if any answer is outside the deliberate statuses (UNKNOWN, INTERNAL,
/// UNAVAILABLE, a deadline) or FR stops answering afterwards. CI runs the short version (EnvelopeFuzzTests, 1,500).
/// Usage: fuzz [--envelopes 100000] [--in-flight 16] [--seed 20261202]
/// </summary>
internal static class FuzzLoad
{
    public static async Task<int> RunAsync(string[] args)
    {
        var envelopes = Arg(args, "--envelopes", 100_000);
        var inFlight = Arg(args, "--in-flight", 16);
        var seed = Arg(args, "--seed", 20261202);
        Console.WriteLine($"Fuzz: {envelopes} mutated envelopes from DE to FR, {inFlight} in flight, seed {seed}; {Environment.ProcessorCount} cores");
        await using var federation = await TestFederation.StartAsync(["FR", "DE"]);
        var fuzzer = EnvelopeFuzzer.For(federation, "FR", "DE", seed);
        var wall = Stopwatch.StartNew();
        // In rounds, so a long run does not hold every request in memory at once.
        var total = new List<FuzzReport>();
        for (var sent = 0; sent < envelopes; sent += 10_000)
        {
            total.Add(await fuzzer.RunAsync(Math.Min(10_000, envelopes - sent), inFlight, CancellationToken.None));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {Math.Min(envelopes, sent + 10_000)} sent, {wall.Elapsed.TotalSeconds:0} s"));
        }

        foreach (var report in total)
        {
            Console.WriteLine(report);
        }

        var unexpected = total.Sum(r => r.UnexpectedCount);
        foreach (var line in total.SelectMany(r => r.Unexpected).Take(20))
        {
            Console.WriteLine($"UNEXPECTED {line}");
        }

        var alive = (await federation["FR"].PeerClientAs(federation.Pki.Node("DE")).HandshakeAsync(new HandshakeRequest())).CallerJurisdiction == "DE";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{total.Sum(r => r.Total)} answered in {wall.Elapsed.TotalSeconds:0} s ({total.Sum(r => r.Total) / wall.Elapsed.TotalSeconds:0}/s); {unexpected} unexpected; FR {(alive ? "still answers" : "DOES NOT ANSWER")}."));
        return unexpected == 0 && alive ? 0 : 1;
    }

    private static int Arg(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length && int.TryParse(args[at + 1], CultureInfo.InvariantCulture, out var value) ? value : fallback;
    }
}
