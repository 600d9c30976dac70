using System.Diagnostics;
using System.Globalization;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Federation.Contracts.V1;
using Federation.Core.Abstractions;
using Federation.Core.Delivery;
using Federation.Core.Identity;
using Federation.Node.Outbox;
using Federation.Testing;
using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Federation.Benchmarks;

/// <summary>
/// Whole-flow load tool: signed summaries delivered FR→DE over mTLS, from the outbox to the
/// receiver's acknowledgement (verified, checked against the treaty, stored, audited at both ends),
/// next to a bare gRPC echo of the same envelopes over the same mTLS setup, in the same run.
/// Usage: load [--messages N] [--concurrency C] [--rounds R] [--warmup W (default 10)] [--log-baseline | --seal-baseline] [--stream-batch B (default 16)] [--envelopes-per-call E]
/// With --log-baseline a second FR and DE run beside the first, with the Merkle log kept out of their share path
/// (<see cref="Federation.Storage.Transparency.MerkleLogOffForBaseline"/>), and every round measures both, in an
/// order that alternates from round to round: the log's cost as two ratios to the same echo, from the same run.
/// FEDERATION_LOAD_AA=1 gives the second pair its log too (an A/A run: how far two identical pairs differ).
/// With --seal-baseline instead, the second pair keeps its log but signs every envelope on its own
/// (Federation:Outbox:SealBatches false, federation.v2): what one signature a call (federation.v3) gains, the same way.
/// </summary>
internal static class ShareLoad
{
    public static async Task<int> RunAsync(string[] args)
    {
        var messages = Arg(args, "--messages", 5000);
        var concurrency = Arg(args, "--concurrency", 64);
        var rounds = Arg(args, "--rounds", 3);
        // Tiered compilation is still recompiling hot code for seconds after start (the JIT took 3-5 s of CPU per
        // 5,000-share round in the first rounds, on 2 cores): rounds measured before it settles compare a warm echo
        // with a share still being compiled. Warm-up rounds of both run first and are not counted. Ten by default: on
        // 12-07 a 10,000-share round still spent 1.2 s in the JIT after five warm-ups, 12-90 ms after ten or more.
        var warmup = Array.IndexOf(args, "--warmup") is var w and >= 0 && w + 1 < args.Length
            && int.TryParse(args[w + 1], CultureInfo.InvariantCulture, out var given) && given >= 0 ? given : 10;
        var sealBaseline = args.Contains("--seal-baseline");
        var logBaseline = args.Contains("--log-baseline") || sealBaseline;
        // What the second pair lacks, in every line that compares the two.
        var lacking = sealBaseline ? "each envelope signed alone" : "without the log";
        var what = sealBaseline ? "one signature a call" : "the log";
        Console.WriteLine($"Federation load: {messages} summaries per round, {warmup} warm-up and {rounds} measured rounds, {concurrency} in flight; {Environment.ProcessorCount} cores; GC {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")}{(logBaseline ? $"; with a baseline FR→DE {lacking}" : string.Empty)}");

        var settings = new Dictionary<string, string?>
        {
            ["Federation:Outbox:MaxInFlight"] = Environment.GetEnvironmentVariable("FEDERATION_LOAD_CALLS") ?? concurrency.ToString(CultureInfo.InvariantCulture),
            // The node's default batch (256) unless FEDERATION_LOAD_BATCH says otherwise. This tool fetched 512 until 12-07:
            // with two batches in flight, 1,000 fetched messages and their tracking outlived several gen0 collections and
            // were promoted, so that GC pauses took a third of a round (they take 16-29 % at 256 or fewer).
            ["Federation:Outbox:BatchSize"] = Environment.GetEnvironmentVariable("FEDERATION_LOAD_BATCH") ?? new Federation.Node.Options.OutboxOptions().BatchSize.ToString(CultureInfo.InvariantCulture),
            // The node's default (2) unless FEDERATION_LOAD_BATCHES_IN_FLIGHT says otherwise.
            ["Federation:Outbox:BatchesInFlight"] = Environment.GetEnvironmentVariable("FEDERATION_LOAD_BATCHES_IN_FLIGHT") ?? new Federation.Node.Options.OutboxOptions().BatchesInFlight.ToString(CultureInfo.InvariantCulture),
            // --envelopes-per-call 1: one envelope a call (Deliver), as before DeliverBatch; the node's default otherwise.
            ["Federation:Outbox:EnvelopesPerCall"] = Arg(args, "--envelopes-per-call", new Federation.Node.Options.OutboxOptions().EnvelopesPerCall).ToString(CultureInfo.InvariantCulture),
            // Checkpoints and witness passes every 5 s, not every minute: the log's periodic work (the signer re-hashes every
            // leaf since its last checkpoint) is then spread over every round instead of landing whole in one or two of a
            // one-minute run, and its code is compiled during the warm-up rather than in a measured round. Its cost per leaf
            // is the same; FEDERATION_LOAD_LOG_INTERVAL sets another interval.
            ["Federation:Transparency:CheckpointInterval"] = Environment.GetEnvironmentVariable("FEDERATION_LOAD_LOG_INTERVAL") ?? "00:00:05",
            ["Federation:Transparency:Witness:Interval"] = Environment.GetEnvironmentVariable("FEDERATION_LOAD_LOG_INTERVAL") ?? "00:00:05",
            ["Serilog:MinimumLevel:Override:Microsoft.EntityFrameworkCore.Database.Command"] = Environment.GetEnvironmentVariable("FEDERATION_LOAD_SQL") == "1" ? "Information" : "Warning",
        };
        await using var federation = await TestFederation.StartAsync(["FR", "DE"], extraSettings: settings);
        // FEDERATION_LOAD_AA=1: the second pair keeps its log too, to see how far two identical pairs differ in one run.
        var sameTwice = Environment.GetEnvironmentVariable("FEDERATION_LOAD_AA") == "1";
        void LogOff(IServiceCollection services)
        {
            if (!sameTwice && !sealBaseline)
            {
                services.AddSingleton(new Federation.Storage.Transparency.MerkleLogOffForBaseline());
            }
        }

        var baselineSettings = new Dictionary<string, string?>(settings);
        if (sealBaseline && !sameTwice)
        {
            baselineSettings["Federation:Outbox:SealBatches"] = "false";
        }

        await using var unlogged = logBaseline
            ? await TestFederation.StartAsync(["FR", "DE"], baselineSettings, new Dictionary<string, Action<IServiceCollection>> { ["FR"] = LogOff, ["DE"] = LogOff })
            : null;
        var fr = federation["FR"];
        var de = federation["DE"];
        var runtime = fr.Services.GetRequiredService<Federation.Node.Hosting.NodeRuntime>();
        // The echo stands where DE stands: DE's certificate, and DE's anchors to judge its clients by (FR's CA among them).
        var deRuntime = de.Services.GetRequiredService<Federation.Node.Hosting.NodeRuntime>();
        await using var echo = await EchoServer.StartAsync(deRuntime.Certificate, deRuntime.Anchors.All);

        var sample = SealSamples(fr, 1)[0];
        Console.WriteLine($"Envelope size: {sample.Envelope.Length} bytes");
        var streamRatios = new StreamRatios(StreamEchoRound.BatchSize(args, concurrency), concurrency);
        Console.WriteLine(await EchoAdmission.CheckAsync(echo.Address, runtime.Anchors.All, CancellationToken.None));
        Console.WriteLine(streamRatios.Shape);
        if (Environment.GetEnvironmentVariable("FEDERATION_LOAD_TRACE") == "1")
        {
            var verifier = de.Services.GetRequiredService<Federation.Node.Security.EnvelopeVerifier>();
            var caller = new PeerIdentity(JurisdictionCode.Parse("FR"), "x", DateTimeOffset.MaxValue);
            var probe = SealSamples(fr, 500);
            var sw = Stopwatch.StartNew();
            var verified = probe.Select(p => verifier.Verify(SignedEnvelope.Parser.ParseFrom(p.Envelope), caller)).ToList();
            Console.WriteLine($"  verify: {sw.Elapsed.TotalMilliseconds / probe.Count:0.000} ms each");
            sw.Restart();
            foreach (var v in verified)
            {
                await using var scope = de.Services.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<Federation.Core.Inbox.ReceiveService>().AcceptAsync(v, CancellationToken.None);
            }

            Console.WriteLine($"  accept (store, sequential): {sw.Elapsed.TotalMilliseconds / probe.Count:0.000} ms each");
            // Repeated (FEDERATION_LOAD_TRACE_REPEAT), so that the later lines show the store's cost once the JIT has settled.
            var repeat = int.TryParse(Environment.GetEnvironmentVariable("FEDERATION_LOAD_TRACE_REPEAT"), out var times) && times > 0 ? times : 1;
            for (var pass = 1; pass <= repeat; pass++)
            {
                var probe2 = SealSamples(fr, 150 * (int.TryParse(Environment.GetEnvironmentVariable("FEDERATION_LOAD_TRACE_BATCHES"), out var batches) ? batches : 10));
                var verified2 = probe2.Select(p => verifier.Verify(SignedEnvelope.Parser.ParseFrom(p.Envelope), caller)).ToList();
                var gcBefore = GC.GetTotalPauseDuration();
                var allocatedBefore = GC.GetTotalAllocatedBytes();
                sw.Restart();
                foreach (var chunk in verified2.Chunk(150))
                {
                    await using var scope = de.Services.CreateAsyncScope();
                    await scope.ServiceProvider.GetRequiredService<Federation.Core.Inbox.ReceiveService>().AcceptBatchAsync(chunk, CancellationToken.None);
                }

                Console.WriteLine($"  accept (store, batches of 150, pass {pass}): {sw.Elapsed.TotalMicroseconds / probe2.Count:0.0} µs each, of which GC paused {(GC.GetTotalPauseDuration() - gcBefore).TotalMicroseconds / probe2.Count:0.0} µs; {(GC.GetTotalAllocatedBytes() - allocatedBefore) / 1024.0 / probe2.Count:0.0} KiB allocated each");
            }
        }

        for (var round = 1; round <= warmup; round++)
        {
            var echoRate = await EchoRoundAsync(echo.Address, runtime, sample.Envelope, messages, concurrency);
            var shareRate = (await ShareRoundAsync(fr, messages, "with-log")).Rate;
            var unloggedRate = unlogged is null ? (double?)null : (await ShareRoundAsync(unlogged["FR"], messages, "without-log")).Rate;
            Console.WriteLine($"warm-up {round} (not counted): echo {echoRate:N0}/s, share {shareRate:N0}/s{(unloggedRate is { } u ? $", share {lacking} {u:N0}/s" : string.Empty)}");
            Console.WriteLine($"  stream echo {await StreamEchoRoundAsync(echo.Address, runtime, sample.Envelope, messages, concurrency, streamRatios.BatchSize):N0}/s (not counted)");
        }

        var echoRates = new List<double>();
        var shareRates = new List<double>();
        var unloggedRates = new List<double>();
        var unloggedRatios = new List<double>();
        var loggedRatios = new List<double>();
        var cpuPairs = new List<double>();
        var factors = new CpuFactors();
        for (var round = 1; round <= rounds; round++)
        {
            // The baseline runs first in odd rounds and last in even ones, so that neither always follows the echo.
            ShareRound? unloggedRound = unlogged is not null && round % 2 == 1 ? await ShareRoundAsync(unlogged["FR"], messages, "without-log") : null;
            var (echoRate, echoCpu, echoWall) = await MeasuredEchoRoundAsync(echo.Address, runtime, sample.Envelope, messages, concurrency);
            var streamRate = await StreamEchoRoundAsync(echo.Address, runtime, sample.Envelope, messages, concurrency, streamRatios.BatchSize);
            var deBatcher = de.Services.GetRequiredService<Federation.Node.Inbox.InboxBatcher>();
            var dispatcher = fr.Services.GetRequiredService<OutboxDispatcher>();
            // Taken when the round's clock starts, after its summaries are queued and the heap settled: the collections
            // that settle it, and the work of sealing and queueing, are not the round's.
            var jitted = 0L;
            var jitTime = TimeSpan.Zero;
            var cpu = TimeSpan.Zero;
            var wall = new Stopwatch();
            long callsBefore = 0, batchesBefore = 0;
            var writerBefore = TimeSpan.Zero;
            var gcBefore = (G0: 0, G1: 0, G2: 0, Paused: TimeSpan.Zero);
            var shareRound = await ShareRoundAsync(fr, messages, "with-log", () =>
            {
                jitted = System.Runtime.JitInfo.GetCompiledMethodCount();
                jitTime = System.Runtime.JitInfo.GetCompilationTime();
                cpu = Process.GetCurrentProcess().TotalProcessorTime;
                wall.Start();
                callsBefore = dispatcher.Calls;
                batchesBefore = deBatcher.CommittedBatches;
                writerBefore = deBatcher.CommittingTime;
                gcBefore = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration());
                Jit?.On = true;
            });
            Jit?.On = false;
            var shareRate = shareRound.Rate;
            // The group commit's size at DE: one receipt signature per batch, so small batches mean a signature per few envelopes.
            Console.WriteLine($"  DE committed {deBatcher.CommittedBatches - batchesBefore:N0} inbox batches, {messages / (double)Math.Max(1, deBatcher.CommittedBatches - batchesBefore):0.0} envelopes each, its writer busy {(deBatcher.CommittingTime - writerBefore) / (messages / shareRate) / TimeSpan.FromSeconds(1):P0} of the round; FR made {dispatcher.Calls - callsBefore:N0} delivery calls, {messages / (double)Math.Max(1, dispatcher.Calls - callsBefore):0.0} envelopes each");
            // Methods compiled during a steady-state round point at code generated per call (expression trees, queries).
            // Both nodes share this process's heap: the collections and pauses are the whole round's, every thread's.
            Console.WriteLine($"  GC during the share round: {GC.CollectionCount(0) - gcBefore.G0:N0} gen0, {GC.CollectionCount(1) - gcBefore.G1:N0} gen1, {GC.CollectionCount(2) - gcBefore.G2:N0} gen2 collections; threads paused {(GC.GetTotalPauseDuration() - gcBefore.Paused) / (messages / shareRate) / TimeSpan.FromSeconds(1):P1} of the round");
            // What the last ephemeral collection kept: a pause grows with what survives (copied, promoted), not with the garbage.
            var lastEphemeral = GC.GetGCMemoryInfo(GCKind.Ephemeral);
            Console.WriteLine($"  last ephemeral GC (gen{lastEphemeral.Generation}): promoted {lastEphemeral.PromotedBytes / 1048576.0:N1} MiB, paused {lastEphemeral.PauseDurations[0].TotalMilliseconds:N1} ms; " +
                $"after it gen0 {lastEphemeral.GenerationInfo[0].SizeAfterBytes / 1048576.0:N1}, gen1 {lastEphemeral.GenerationInfo[1].SizeAfterBytes / 1048576.0:N1}, gen2 {lastEphemeral.GenerationInfo[2].SizeAfterBytes / 1048576.0:N1} MiB");
            Console.WriteLine($"  JIT during the share round: {System.Runtime.JitInfo.GetCompiledMethodCount() - jitted:N0} methods, {(System.Runtime.JitInfo.GetCompilationTime() - jitTime).TotalMilliseconds:N0} ms; process CPU {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds / wall.Elapsed.TotalSeconds:0.00} cores busy");
            Console.WriteLine(factors.Add(echoCpu, echoWall, shareRound.CpuPerShare * messages, TimeSpan.FromSeconds(messages / shareRate), messages));
            Console.WriteLine($"  managed heap before the round, settled: {shareRound.SettledHeapBytes / 1048576.0:N1} MiB (both nodes; process RSS {Process.GetCurrentProcess().WorkingSet64 / 1048576.0:N0} MiB now)");
            if (Environment.GetEnvironmentVariable("FEDERATION_LOAD_TRACE") == "1")
            {
                await using var scope = de.Services.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<Federation.Storage.FederationDbContext>();
                var at = db.Audit.Where(a => a.Kind == "envelope.accepted").Select(a => a.At).ToList().Order().ToList();
                Console.WriteLine($"  DE accepted {at.Count} in {(at[^1] - at[0]).TotalSeconds:0.00}s");
            }

            if (unlogged is not null && unloggedRound is null)
            {
                unloggedRound = await ShareRoundAsync(unlogged["FR"], messages, "without-log");
            }

            var unloggedRate = unloggedRound?.Rate;

            echoRates.Add(echoRate);
            shareRates.Add(shareRate);
            loggedRatios.Add(shareRate / echoRate);
            Console.WriteLine($"round {round}: echo {echoRate,9:N0}/s   share outbox→ack {shareRate,9:N0}/s   ratio {shareRate / echoRate:P1}");
            Console.WriteLine(streamRatios.Add(streamRate, echoRate, shareRate));
            if (unloggedRate is { } baseline)
            {
                unloggedRates.Add(baseline);
                unloggedRatios.Add(baseline / echoRate);
                Console.WriteLine($"         {lacking} {baseline,9:N0}/s   ratio {baseline / echoRate:P1}   with/without {shareRate / baseline:P1}");
                // CPU per share is steadier than a rate on a shared machine: another tenant's load slows both but costs neither CPU.
                cpuPairs.Add(unloggedRound!.Value.CpuPerShare / shareRound.CpuPerShare);
                Console.WriteLine($"         process CPU per share: with {what} {shareRound.CpuPerShare.TotalMicroseconds:N0} µs, without {unloggedRound.Value.CpuPerShare.TotalMicroseconds:N0} µs   without/with {cpuPairs[^1]:P1}; " +
                    $"allocated per share {shareRound.BytesPerShare / 1024:N1} KiB with, {unloggedRound.Value.BytesPerShare / 1024:N1} KiB without");
            }
        }

        var echoMedian = Median(echoRates);
        var shareMedian = Median(shareRates);
        Console.WriteLine();
        Console.WriteLine("| flow (median of rounds) | per second | ratio to echo |");
        Console.WriteLine("|---|---:|---:|");
        Console.WriteLine($"| bare gRPC echo, same envelopes, same mTLS | {echoMedian:N0} | 1.00 |");
        Console.WriteLine($"| share FR→DE, outbox to acknowledged | {shareMedian:N0} | {shareMedian / echoMedian:0.000} |");
        if (unloggedRates.Count > 0)
        {
            Console.WriteLine($"| share FR→DE {(sealBaseline ? lacking : "without the Merkle log (no tree nodes, no receipts)")} | {Median(unloggedRates):N0} | {Median(unloggedRatios):0.000} |");
            Console.WriteLine();
            // Each round's pair shares its echo, so the pair's own quotient is the log's cost in that round; its median is
            // steadier than a quotient of two medians taken from different rounds.
            var pairs = shareRates.Zip(unloggedRates, (with, without) => with / without).ToList();
            Console.WriteLine($"Median ratio to the echo with {what} {Median(loggedRatios):0.000}, without {Median(unloggedRatios):0.000}; " +
                $"with/without per round {string.Join(", ", pairs.Select(p => p.ToString("P1", CultureInfo.InvariantCulture)))}: median {Median(pairs):P1}, " +
                (sealBaseline ? $"so {what} gives {Median(pairs):0.00} times the ratio without it" : $"so the log costs {1 - Median(pairs):P1} of the ratio (issue 11: at most 10 %)"));
            Allocations?.Print("with-log", SharesSampled["with-log"], "without-log", SharesSampled["without-log"]);
            Console.WriteLine($"By process CPU per share (without/with, the rate the same CPU would give): per round {string.Join(", ", cpuPairs.Select(p => p.ToString("P1", CultureInfo.InvariantCulture)))}: " +
                (sealBaseline ? $"median {Median(cpuPairs):P1}, so with {what} a share takes {1 / Median(cpuPairs):P1} of the CPU it takes without" : $"median {Median(cpuPairs):P1}, so the log costs {1 - Median(cpuPairs):P1} of the CPU's rate"));
        }

        streamRatios.Print("flow");
        factors.Print();
        Allocations?.PrintLargest("with-log", SharesSampled["with-log"]);
        Jit?.Print();
        await using (var scope = de.Services.CreateAsyncScope())
        {
            // The per-partner limits' defaults must stay above what this load sends: a refusal here would be measured as speed.
            var limited = scope.ServiceProvider.GetRequiredService<Federation.Storage.FederationDbContext>().Audit.Count(a => a.Kind == Federation.Core.Audit.AuditKinds.PeerLimited);
            Console.WriteLine($"Calls DE refused for FR's limits (Federation:Peer:Limits): {limited}");
        }

        return 0;
    }

    private static async Task<double> EchoRoundAsync(string address, Federation.Node.Hosting.NodeRuntime runtime, byte[] envelopeBytes, int messages, int concurrency) =>
        (await MeasuredEchoRoundAsync(address, runtime, envelopeBytes, messages, concurrency)).Rate;

    /// <summary>The echo's round, with the process's CPU and the wall time it took (both ends of the echo run in this process).</summary>
    private static async Task<(double Rate, TimeSpan Cpu, TimeSpan Wall)> MeasuredEchoRoundAsync(
        string address, Federation.Node.Hosting.NodeRuntime runtime, byte[] envelopeBytes, int messages, int concurrency)
    {
        using var channel = PeerLikeChannel(address, runtime);
        var client = new Peer.PeerClient(channel);
        var envelope = SignedEnvelope.Parser.ParseFrom(envelopeBytes);
        await client.DeliverAsync(envelope); // connect and warm up outside the clock
        SettleHeap();
        var remaining = messages;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var stopwatch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (Interlocked.Decrement(ref remaining) >= 0)
            {
                await client.DeliverAsync(envelope);
            }
        }));
        var wall = stopwatch.Elapsed;
        return (messages / wall.TotalSeconds, Process.GetCurrentProcess().TotalProcessorTime - cpu, wall);
    }

    /// <summary>The stream echo's round, on a channel of its own as <see cref="EchoRoundAsync"/> has.</summary>
    private static async Task<double> StreamEchoRoundAsync(string address, Federation.Node.Hosting.NodeRuntime runtime, byte[] envelopeBytes, int messages, int inFlight, int batchSize)
    {
        using var channel = PeerLikeChannel(address, runtime);
        return await StreamEchoRound.RunAsync(channel, SignedEnvelope.Parser.ParseFrom(envelopeBytes), messages, inFlight, batchSize, CancellationToken.None);
    }

    /// <summary>One share round: its rate, and the process CPU it took per share (both nodes are in this process; the other pair is idle meanwhile).</summary>
    /// <summary>A share round: its rate, CPU and allocation per share, and the managed heap when it started, after a full compacting collection.</summary>
    private readonly record struct ShareRound(double Rate, TimeSpan CpuPerShare, double BytesPerShare, long SettledHeapBytes);

    private static readonly JitSampler? Jit = Environment.GetEnvironmentVariable("FEDERATION_LOAD_JIT") == "1" ? new JitSampler() : null;
    private static readonly AllocationSampler? Allocations = Environment.GetEnvironmentVariable("FEDERATION_LOAD_ALLOCS") == "1" ? new AllocationSampler() : null;
    private static readonly Dictionary<string, long> SharesSampled = [];

    /// <param name="fr">The sending node.</param>
    /// <param name="messages">Summaries in the round.</param>
    /// <param name="label">With FEDERATION_LOAD_MARKS=1, the round's window is printed under it in CLOCK_MONOTONIC seconds, for
    /// <c>perf record -k mono</c> and <c>perf report --time START,END</c>: the profile of one pair's rounds only.</param>
    /// <param name="clockStarts">Called as the clock starts, for the caller's own counters of the round.</param>
    private static async Task<ShareRound> ShareRoundAsync(TestNode fr, int messages, string label, Action? clockStarts = null)
    {
        await EnqueueAsync(fr, messages);
        SettleHeap();
        // What both nodes keep alive between rounds, after a full compacting collection: it must not grow with the shares.
        var settled = GC.GetTotalMemory(forceFullCollection: false);
        clockStarts?.Invoke();

        // The clock starts when the messages are committed to the outbox and the dispatcher is rung.
        var stopwatch = Stopwatch.StartNew();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var startedAt = Stopwatch.GetTimestamp();
        var allocated = GC.GetTotalAllocatedBytes();
        if (Allocations is not null)
        {
            Allocations.Label = label;
            SharesSampled[label] = SharesSampled.GetValueOrDefault(label) + messages;
        }

        fr.Services.GetRequiredService<DeliverySignal>().Notify();
        var deadline = TimeSpan.FromMinutes(10);
        while (true)
        {
            await using var scope = fr.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<Federation.Storage.FederationDbContext>();
            // Rounds run one after another, so whatever is not delivered belongs to this round.
            var pending = db.Outbox.Count(m => m.State == Federation.Core.Delivery.DeliveryState.Pending);
            var failed = db.Outbox.Count(m => m.State == Federation.Core.Delivery.DeliveryState.Failed);
            if (failed > 0)
            {
                throw new InvalidOperationException($"{failed} deliveries failed during the load run.");
            }

            if (pending == 0)
            {
                var elapsed = stopwatch.Elapsed;
                var used = Process.GetCurrentProcess().TotalProcessorTime - cpu;
                Allocations?.Label = null;
                LoadMarks.Print(label, startedAt);

                var retried = db.Outbox.Count(m => m.Attempts > 1);
                var errors = db.Outbox.Where(m => m.Attempts > 1).Select(m => m.LastError).Take(3).ToList();
                if (retried > 0)
                {
                    Console.WriteLine($"  {retried} messages needed more than one attempt (outbox total so far), e.g. {string.Join(" | ", errors)}");
                }

                return new ShareRound(messages / elapsed.TotalSeconds, used / messages, (GC.GetTotalAllocatedBytes() - allocated) / (double)messages, settled);
            }

            if (stopwatch.Elapsed > deadline)
            {
                throw new TimeoutException($"{pending} messages still pending after {deadline}.");
            }

            await Task.Delay(20);
        }
    }

    /// <summary>
    /// Queues the round's summaries in FR's outbox and commits them. A method of its own, so that nothing of them stays
    /// referenced from the round's state machine: the dispatcher reads the messages back from the store, as a node does,
    /// and the 10,000 in-memory copies (tens of MiB) would otherwise be promoted by the round's first collections.
    /// </summary>
    private static async Task EnqueueAsync(TestNode fr, int messages)
    {
        var samples = SealSamples(fr, messages);
        await using var scope = fr.Services.CreateAsyncScope();
        var outbox = scope.ServiceProvider.GetRequiredService<IOutbox>();
        foreach (var message in samples)
        {
            outbox.Enqueue(message);
        }

        await scope.ServiceProvider.GetRequiredService<IUnitOfWork>().SaveChangesAsync(CancellationToken.None);
    }

    /// <summary>
    /// A full, compacting collection before a measured round (echo or share alike, as BenchmarkDotNet does before each
    /// iteration): the garbage of the round before, of the other pair, or of setting this round up, is not collected, nor
    /// its survivors promoted, on this round's clock. FEDERATION_LOAD_SETTLE=0 leaves the heap as it is.
    /// </summary>
    internal static void SettleHeap()
    {
        if (Environment.GetEnvironmentVariable("FEDERATION_LOAD_SETTLE") == "0")
        {
            return;
        }

        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
    }

    /// <summary>Summaries sealed exactly as ShareService seals them, each for its own case.</summary>
    internal static List<OutboxMessage> SealSamples(TestNode fr, int count) => SealedSummaries.For(fr, "DE", count);

    /// <summary>A channel set up as the node's own PeerChannelPool sets it up (client certificate, pinned trust, by host name).</summary>
    internal static GrpcChannel PeerLikeChannel(string address, Federation.Node.Hosting.NodeRuntime runtime) =>
        PeerLikeChannel(address, runtime.Certificate, runtime.Anchors.All);

    /// <summary>As above, from a certificate (with its key) and the anchors themselves, e.g. read from PEM files by another process.</summary>
    internal static GrpcChannel PeerLikeChannel(string address, X509Certificate2 certificate, IEnumerable<X509Certificate2> anchors)
    {
        var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
        policy.CustomTrustStore.AddRange(anchors.ToArray());
        return GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler
            {
                SslOptions = new SslClientAuthenticationOptions
                {
                    ClientCertificates = [certificate],
                    CertificateChainPolicy = policy,
                    RemoteCertificateValidationCallback = (_, _, _, errors) => errors is SslPolicyErrors.None or SslPolicyErrors.RemoteCertificateNameMismatch,
                },
                EnableMultipleHttp2Connections = true,
            },
        });
    }

    internal static int Arg(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], CultureInfo.InvariantCulture, out var value) && value > 0 ? value : fallback;
    }

    internal static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
