using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography.X509Certificates;
using Federation.Contracts.V1;
using Federation.Core.Identity;
using Federation.Core.Treaties;
using Federation.Node.Security;
using Federation.Testing;

namespace Federation.Benchmarks;

/// <summary>
/// <c>load --processes</c>: the whole-flow load of <see cref="ShareLoad"/> with every party in a process of its own, as nodes
/// are deployed (<see cref="LoadProcesses"/>): FR and DE are the built node, the echo server runs by itself, and the load tool
/// holds only the echo client and FR's key. Echo rounds: the load tool delivers the same envelope to the echo server, 64 in
/// flight, with FR's certificate. Share rounds: N summaries sealed with FR's key exactly as FR seals them are committed to FR's
/// store file through the node's own storage library (outbox row and catch-up line each, one transaction, as FR's outbox
/// commits them); the clock starts at that commit and stops when FR's store shows none pending. FR's dispatcher finds them on
/// its next look (Federation:Outbox:PollInterval, 20 ms here, where the in-process load rings it: at most 20 ms of a round of
/// seconds). Each phase prints the CPU time and resident memory of every process, so one sees where the time went.
/// Stream echo rounds (<see cref="StreamEchoRound"/>): the same envelopes on one bidirectional stream per round to the echo server.
/// Usage: load --processes [--messages N] [--concurrency C] [--rounds R] [--warmup W (default 1)] [--stream-batch B (default 16)]
/// </summary>
internal static class ProcessShareLoad
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(10);

    public static async Task<int> RunAsync(string[] args)
    {
        var messages = ShareLoad.Arg(args, "--messages", 5000);
        var concurrency = ShareLoad.Arg(args, "--concurrency", 64);
        var rounds = ShareLoad.Arg(args, "--rounds", 3);
        var warmup = Array.IndexOf(args, "--warmup") is var w and >= 0 && w + 1 < args.Length
            && int.TryParse(args[w + 1], CultureInfo.InvariantCulture, out var given) && given >= 0 ? given : 1;
        Console.WriteLine($"Federation load, separate processes: {messages} summaries per round, {warmup} warm-up and {rounds} measured rounds, {concurrency} in flight; {Environment.ProcessorCount} cores");

        // Ctrl-C or a TERM ends the run through the same path as a failure: every process is killed on the way out.
        using var stop = new CancellationTokenSource();
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Cancel(stop));
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Cancel(stop));
        try
        {
            return await RunAsync(messages, concurrency, rounds, warmup, args, stop.Token);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            Console.Error.WriteLine("Interrupted: every process of the run was stopped.");
            return 130;
        }
    }

    private static async Task<int> RunAsync(int messages, int concurrency, int rounds, int warmup, string[] args, CancellationToken cancellationToken)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Federation__Outbox__MaxInFlight"] = concurrency.ToString(CultureInfo.InvariantCulture),
            // The node's default unless FEDERATION_LOAD_BATCH says otherwise, as in the in-process load (512 until 12-07).
            ["Federation__Outbox__BatchSize"] = Environment.GetEnvironmentVariable("FEDERATION_LOAD_BATCH") ?? new Federation.Node.Options.OutboxOptions().BatchSize.ToString(CultureInfo.InvariantCulture),
            ["Federation__Outbox__BatchesInFlight"] = Environment.GetEnvironmentVariable("FEDERATION_LOAD_BATCHES_IN_FLIGHT") ?? new Federation.Node.Options.OutboxOptions().BatchesInFlight.ToString(CultureInfo.InvariantCulture),
            ["Federation__Outbox__EnvelopesPerCall"] = ShareLoad.Arg(args, "--envelopes-per-call", new Federation.Node.Options.OutboxOptions().EnvelopesPerCall).ToString(CultureInfo.InvariantCulture),
            ["Federation__Outbox__PollInterval"] = PollInterval.ToString("c", CultureInfo.InvariantCulture),
            // As the in-process nodes log (TestNode): warnings and worse, so that neither load writes a line per message.
            ["Serilog__MinimumLevel__Default"] = "Warning",
            ["Serilog__MinimumLevel__Override__Microsoft.EntityFrameworkCore.Database.Command"] = Environment.GetEnvironmentVariable("FEDERATION_LOAD_SQL") == "1" ? "Information" : "Warning",
        };
        await using var parties = await LoadProcesses.StartAsync(settings, cancellationToken);
        var (certificatePath, keyPath) = parties.FrCredentials;
        using var frCertificate = X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
        var anchors = new X509Certificate2Collection();
        anchors.ImportFromPemFile(parties.AnchorsPath);
        using var sealer = new EnvelopeSealer(new LocalNode(JurisdictionCode.Parse("FR")), frCertificate);
        var treaty = TreatyParser.Parse(parties.TreatyYaml, $"{LoadProcesses.TreatyId}.yaml");
        await using var frStore = new NodeStoreFile(parties.DatabasePath("FR"));
        using var meter = new ProcessMeter([
            ("load tool", Environment.ProcessId), ("echo server", parties.Echo.Pid), ("FR node", parties["FR"].ProcessId), ("DE node", parties["DE"].ProcessId)]);
        Console.WriteLine($"Processes: {string.Join(", ", meter.Sample().Select(p => $"{p.Name} {p.Pid}"))}");

        var sample = SealedSummaries.For(sealer, treaty, "FR", "DE", 1)[0];
        Console.WriteLine($"Envelope size: {sample.Envelope.Length} bytes");
        using var echoChannel = ShareLoad.PeerLikeChannel(parties.Echo.Address, frCertificate, anchors);
        var echoClient = new Peer.PeerClient(echoChannel);
        var envelope = SignedEnvelope.Parser.ParseFrom(sample.Envelope);
        var streamRatios = new StreamRatios(StreamEchoRound.BatchSize(args, concurrency), concurrency);
        Console.WriteLine(await EchoAdmission.CheckAsync(parties.Echo.Address, anchors, cancellationToken));
        Console.WriteLine(streamRatios.Shape);

        for (var round = 1; round <= warmup; round++)
        {
            var echoRate = await EchoRoundAsync(echoClient, envelope, messages, concurrency, cancellationToken);
            var (shareRate, _) = await ShareRoundAsync(frStore, meter, SealedSummaries.For(sealer, treaty, "FR", "DE", messages), cancellationToken);
            Console.WriteLine($"warm-up {round} (not counted): echo {echoRate:N0}/s, share {shareRate:N0}/s");
            Console.WriteLine($"  stream echo {await StreamEchoRound.RunAsync(echoChannel, envelope, messages, concurrency, streamRatios.BatchSize, cancellationToken):N0}/s (not counted)");
        }

        var echoRates = new List<double>();
        var shareRates = new List<double>();
        var uses = new List<(int Round, string Phase, TimeSpan Wall, IReadOnlyList<ProcessUse> Before, IReadOnlyList<ProcessUse> After)>();
        var factors = new CpuFactors();
        for (var round = 1; round <= rounds; round++)
        {
            var (echoRate, echoUse) = await MeasuredAsync(meter, () => EchoRoundAsync(echoClient, envelope, messages, concurrency, cancellationToken));
            var (streamRate, streamUse) = await MeasuredAsync(meter, () => StreamEchoRound.RunAsync(echoChannel, envelope, messages, concurrency, streamRatios.BatchSize, cancellationToken));
            // Sealed before the clock, as in the in-process load.
            var sealedForRound = SealedSummaries.For(sealer, treaty, "FR", "DE", messages);
            var shareStarted = System.Diagnostics.Stopwatch.GetTimestamp();
            var (shareRate, shareUse) = await ShareRoundAsync(frStore, meter, sealedForRound, cancellationToken);
            // For perf record -a over every process: the nodes' profile during the share only.
            LoadMarks.Print("share", shareStarted);
            echoRates.Add(echoRate);
            shareRates.Add(shareRate);
            uses.Add((round, "echo", echoUse.Wall, echoUse.Before, echoUse.After));
            uses.Add((round, "stream echo", streamUse.Wall, streamUse.Before, streamUse.After));
            uses.Add((round, "share", shareUse.Wall, shareUse.Before, shareUse.After));
            Console.WriteLine($"round {round}: echo {echoRate,9:N0}/s   share outbox→ack {shareRate,9:N0}/s   ratio {shareRate / echoRate:P1}");
            Console.WriteLine(streamRatios.Add(streamRate, echoRate, shareRate));
            Console.WriteLine($"  echo:  {Busy(echoUse.Wall, echoUse.Before, echoUse.After)}");
            Console.WriteLine($"  stream echo: {Busy(streamUse.Wall, streamUse.Before, streamUse.After)}");
            Console.WriteLine($"  share: {Busy(shareUse.Wall, shareUse.Before, shareUse.After)}");
            // Every process's CPU in each phase: the echo's is the load tool's and the echo server's, the share's FR's and DE's
            // (and what the idle parties spend meanwhile, small and counted alike).
            Console.WriteLine(factors.Add(Cpu(echoUse.Before, echoUse.After), echoUse.Wall, Cpu(shareUse.Before, shareUse.After), shareUse.Wall, messages));
        }

        var echoMedian = ShareLoad.Median(echoRates);
        var shareMedian = ShareLoad.Median(shareRates);
        Console.WriteLine();
        Console.WriteLine("| flow, each party its own process (median of rounds) | per second | ratio to echo |");
        Console.WriteLine("|---|---:|---:|");
        Console.WriteLine($"| bare gRPC echo, same envelopes, same mTLS (load tool → echo server process) | {echoMedian:N0} | 1.00 |");
        Console.WriteLine($"| share FR→DE, outbox to acknowledged (FR node process → DE node process) | {shareMedian:N0} | {shareMedian / echoMedian:0.000} |");
        streamRatios.Print("flow, each party its own process");
        factors.Print();
        Console.WriteLine();
        Console.WriteLine($"| round | phase | wall s | {string.Join(" | ", meter.Names.Select(n => $"{n} CPU s (cores)"))} | all, cores | {string.Join(" | ", meter.Names.Select(n => $"{n} RSS MB (anon + file)"))} |");
        Console.WriteLine($"|---:|---|---:|{string.Concat(meter.Names.Select(_ => "---:|"))}---:|{string.Concat(meter.Names.Select(_ => "---:|"))}");
        foreach (var (round, phase, wall, before, after) in uses)
        {
            var cpu = after.Zip(before, (a, b) => a.Cpu - b.Cpu).ToList();
            var total = cpu.Aggregate(TimeSpan.Zero, (sum, c) => sum + c);
            Console.WriteLine($"| {round} | {phase} | {wall.TotalSeconds:0.00} | {string.Join(" | ", cpu.Select(c => $"{c.TotalSeconds:0.00} ({c / wall:0.00})"))} | {total / wall:0.00} | {string.Join(" | ", after.Select(a => $"{a.ResidentBytes / 1048576.0:0} ({a.AnonymousBytes / 1048576.0:0} + {a.FileBytes / 1048576.0:0})"))} |");
        }

        await using (var deStore = new NodeStoreFile(parties.DatabasePath("DE")))
        {
            // The per-partner limits' defaults must stay above what this load sends: a refusal here would be measured as speed.
            Console.WriteLine($"Calls DE refused for FR's limits (Federation:Peer:Limits): {await deStore.AuditCountAsync(Federation.Core.Audit.AuditKinds.PeerLimited, cancellationToken)}");
        }

        foreach (var jurisdiction in new[] { "FR", "DE" })
        {
            var errors = parties[jurisdiction].Output.Text.Split('\n').Where(l => l.Contains(" ERR] ", StringComparison.Ordinal) || l.Contains(" FTL] ", StringComparison.Ordinal)).ToList();
            if (errors.Count > 0)
            {
                Console.WriteLine($"{jurisdiction} logged {errors.Count} errors, e.g. {errors[0]}");
            }
        }

        return 0;
    }

    private static Action<PosixSignalContext> Cancel(CancellationTokenSource stop) => context =>
    {
        // Not the default (exit at once): the run unwinds and stops its processes.
        context.Cancel = true;
        stop.Cancel();
    };

    private static async Task<(T Result, (TimeSpan Wall, IReadOnlyList<ProcessUse> Before, IReadOnlyList<ProcessUse> After) Use)> MeasuredAsync<T>(
        ProcessMeter meter, Func<Task<T>> phase)
    {
        var before = meter.Sample();
        var clock = Stopwatch.StartNew();
        var result = await phase();
        var wall = clock.Elapsed;
        return (result, (wall, before, meter.Sample()));
    }

    private static TimeSpan Cpu(IReadOnlyList<ProcessUse> before, IReadOnlyList<ProcessUse> after) =>
        after.Zip(before, (a, b) => a.Cpu - b.Cpu).Aggregate(TimeSpan.Zero, (sum, c) => sum + c);

    private static string Busy(TimeSpan wall, IReadOnlyList<ProcessUse> before, IReadOnlyList<ProcessUse> after) =>
        $"{wall.TotalSeconds:0.00} s wall; CPU s (cores busy): " + string.Join(", ", after.Zip(before, (a, b) => $"{a.Name} {(a.Cpu - b.Cpu).TotalSeconds:0.00} ({(a.Cpu - b.Cpu) / wall:0.00})"));

    private static async Task<double> EchoRoundAsync(Peer.PeerClient client, SignedEnvelope envelope, int messages, int concurrency, CancellationToken cancellationToken)
    {
        await client.DeliverAsync(envelope, cancellationToken: cancellationToken); // connect and warm up outside the clock
        var remaining = messages;
        var stopwatch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (Interlocked.Decrement(ref remaining) >= 0)
            {
                await client.DeliverAsync(envelope, cancellationToken: cancellationToken);
            }
        }));
        return messages / stopwatch.Elapsed.TotalSeconds;
    }

    /// <summary>
    /// Commits the sealed summaries to FR's outbox; the clock and the CPU window run from that commit until FR's store shows
    /// none pending (FR's dispatcher finds them within its poll interval).
    /// </summary>
    private static async Task<(double Rate, (TimeSpan Wall, IReadOnlyList<ProcessUse> Before, IReadOnlyList<ProcessUse> After) Use)> ShareRoundAsync(
        NodeStoreFile frStore, ProcessMeter meter, List<Federation.Core.Delivery.OutboxMessage> sealedMessages, CancellationToken cancellationToken)
    {
        // Messages retried before this round (the treaty's countersignatures, sent while the partner was not yet known).
        var (retriedBefore, _) = await frStore.RetriedAsync(cancellationToken);
        await frStore.EnqueueAsync(sealedMessages, cancellationToken);
        var before = meter.Sample();
        var stopwatch = Stopwatch.StartNew();
        while (true)
        {
            // Rounds run one after another, so whatever is not delivered belongs to this round.
            var (pending, failed) = await frStore.OutboxStatesAsync(cancellationToken);
            if (failed > 0)
            {
                throw new InvalidOperationException($"{failed} deliveries failed during the load run.");
            }

            if (pending == 0)
            {
                var elapsed = stopwatch.Elapsed;
                var after = meter.Sample();
                var (retried, errors) = await frStore.RetriedAsync(cancellationToken);
                if (retried > retriedBefore)
                {
                    Console.WriteLine($"  {retried - retriedBefore} messages needed more than one attempt, e.g. {string.Join(" | ", errors)}");
                }

                return (sealedMessages.Count / elapsed.TotalSeconds, (elapsed, before, after));
            }

            if (stopwatch.Elapsed > Deadline)
            {
                throw new TimeoutException($"{pending} messages still pending after {Deadline}.");
            }

            await Task.Delay(20, cancellationToken);
        }
    }
}
