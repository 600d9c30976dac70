using System.Diagnostics;
using Federation.Contracts.V1;
using Federation.Core.Abstractions;
using Federation.Core.Delivery;
using Federation.Core.Identity;
using Federation.Node.CatchUp;
using Federation.Node.Hosting;
using Federation.Testing;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Federation.Benchmarks;

/// <summary>
/// Catch-up load: N signed summaries FR addressed to DE and gave up pushing (DE was away), caught up by DE's pull from
/// its cursor (streamed, verified, checked against the treaty, stored and audited through DE's inbox, cursor saved),
/// next to a bare server stream of the same envelope bytes over the same mTLS setup, in the same run.
/// Usage: catchup [--messages N] [--rounds R]
/// </summary>
internal static class CatchUpLoad
{
    public static async Task<int> RunAsync(string[] args)
    {
        var messages = ShareLoad.Arg(args, "--messages", 100_000);
        var rounds = ShareLoad.Arg(args, "--rounds", 1);
        Console.WriteLine($"Federation catch-up: {messages} missed summaries per round, {rounds} rounds; {Environment.ProcessorCount} cores");

        var settings = new Dictionary<string, string?>
        {
            // Only the measured pull moves anything: no schedule, and the outbox holds nothing it would still try.
            ["Federation:CatchUp:Interval"] = "01:00:00",
        };
        await using var federation = await TestFederation.StartAsync(["FR", "DE"], extraSettings: settings);
        var fr = federation["FR"];
        var de = federation["DE"];
        var runtime = de.Services.GetRequiredService<NodeRuntime>();
        var sample = ShareLoad.SealSamples(fr, 1)[0];
        // The echo stands where FR stands: FR's certificate, and FR's anchors to judge its client DE by.
        var frRuntime = fr.Services.GetRequiredService<NodeRuntime>();
        await using var echo = await EchoServer.StartAsync(frRuntime.Certificate, frRuntime.Anchors.All,
            SignedEnvelope.Parser.ParseFrom(sample.Envelope));
        Console.WriteLine($"Envelope size: {sample.Envelope.Length} bytes");

        var echoRates = new List<double>();
        var pullRates = new List<double>();
        for (var round = 1; round <= rounds; round++)
        {
            var echoRate = await EchoRoundAsync(echo.Address, runtime, messages);
            var (pullRate, elapsed) = await PullRoundAsync(fr, de, messages);
            echoRates.Add(echoRate);
            pullRates.Add(pullRate);
            Console.WriteLine($"round {round}: bare stream {echoRate,9:N0}/s   catch-up pull {pullRate,9:N0}/s ({elapsed.TotalSeconds:0.0} s)   ratio {pullRate / echoRate:P1}");
        }

        var echoMedian = ShareLoad.Median(echoRates);
        var pullMedian = ShareLoad.Median(pullRates);
        Console.WriteLine();
        Console.WriteLine("| flow (median of rounds) | per second | ratio to bare stream | time for the round |");
        Console.WriteLine("|---|---:|---:|---:|");
        Console.WriteLine($"| bare gRPC server stream, same envelopes, same mTLS | {echoMedian:N0} | 1.00 | {messages / echoMedian:0.0} s |");
        Console.WriteLine($"| catch-up FR→DE by pull, committed at DE | {pullMedian:N0} | {pullMedian / echoMedian:0.000} | {messages / pullMedian:0.0} s |");
        return 0;
    }

    private static async Task<double> EchoRoundAsync(string address, NodeRuntime runtime, int messages)
    {
        using var channel = ShareLoad.PeerLikeChannel(address, runtime);
        var client = new Peer.PeerClient(channel);
        await client.DeliverAsync(new DeliverRequest()); // connect outside the clock
        var stopwatch = Stopwatch.StartNew();
        using var call = client.Pull(new PullRequest { Max = messages });
        var received = 0;
        await foreach (var batch in call.ResponseStream.ReadAllAsync())
        {
            received += batch.Envelopes.Count;
        }

        var rate = received / stopwatch.Elapsed.TotalSeconds;
        return received == messages ? rate : throw new InvalidOperationException($"The bare stream sent {received} of {messages}.");
    }

    private static async Task<(double Rate, TimeSpan Elapsed)> PullRoundAsync(TestNode fr, TestNode de, int messages)
    {
        var backoff = new DeliveryBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), 1);
        foreach (var chunk in ShareLoad.SealSamples(fr, messages).Chunk(5_000))
        {
            await using var scope = fr.Services.CreateAsyncScope();
            var outbox = scope.ServiceProvider.GetRequiredService<IOutbox>();
            foreach (var message in chunk)
            {
                // As the outbox leaves a message it ran out of attempts for: failed, still in DE's catch-up log.
                message.MarkAttemptFailed("benchmark: DE away past the outbox's patience", permanent: true, backoff, DateTimeOffset.UtcNow);
                outbox.Enqueue(message);
            }

            await scope.ServiceProvider.GetRequiredService<IUnitOfWork>().SaveChangesAsync(CancellationToken.None);
        }

        if (Environment.GetEnvironmentVariable("FEDERATION_LOAD_TRACE") == "1")
        {
            // The node's stream alone (read from the store, re-signed if needed, sent), nothing processed at DE.
            var probe = Stopwatch.StartNew();
            using var channel = ShareLoad.PeerLikeChannel(fr.PeerEndpoint, de.Services.GetRequiredService<NodeRuntime>());
            using var call = new Peer.PeerClient(channel).Pull(new PullRequest { Max = messages });
            var streamed = 0;
            await foreach (var batch in call.ResponseStream.ReadAllAsync())
            {
                streamed += batch.Envelopes.Count;
            }

            Console.WriteLine($"  FR's Pull stream alone: {streamed} in {probe.Elapsed.TotalSeconds:0.00} s");
            var verifier = de.Services.GetRequiredService<Federation.Node.Security.EnvelopeVerifier>();
            var caller = new PeerIdentity(JurisdictionCode.Parse("FR"), "x", DateTimeOffset.MaxValue);
            var samples = ShareLoad.SealSamples(fr, 2000);
            probe.Restart();
            var verified = samples.Select(p => verifier.Verify(SignedEnvelope.Parser.ParseFrom(p.Envelope), caller)).ToList();
            Console.WriteLine($"  verify: {probe.Elapsed.TotalMilliseconds / samples.Count:0.000} ms each (one thread)");
            probe.Restart();
            var inbox = de.Services.GetRequiredService<Federation.Node.Inbox.InboxBatcher>();
            await Task.WhenAll(verified.Select(v => inbox.AcceptAsync(v, "FR", CancellationToken.None)));
            Console.WriteLine($"  inbox accept (2000 at once): {probe.Elapsed.TotalMilliseconds / samples.Count:0.000} ms each");
        }

        var before = await ReceivedCountAsync(de);
        var stopwatch = Stopwatch.StartNew();
        var result = await de.Services.GetRequiredService<CatchUpPuller>().PullAsync(JurisdictionCode.Parse("FR"), CancellationToken.None);
        var elapsed = stopwatch.Elapsed;
        var received = await ReceivedCountAsync(de) - before;
        Console.WriteLine($"  pull: {result.Accepted} accepted, {result.Duplicates} duplicates, {result.Refused} refused; cursor {result.From} → {result.To} of {result.HighWater}; {received} new summaries held");
        if (result.Accepted != messages || received != messages || !result.Complete)
        {
            throw new InvalidOperationException($"The pull took {result.Accepted} of {messages} (held {received}, complete {result.Complete}).");
        }

        return (messages / elapsed.TotalSeconds, elapsed);
    }

    private static async Task<int> ReceivedCountAsync(TestNode node)
    {
        await using var scope = node.Services.CreateAsyncScope();
        return scope.ServiceProvider.GetRequiredService<Federation.Storage.FederationDbContext>().ReceivedSummaries.Count();
    }
}
