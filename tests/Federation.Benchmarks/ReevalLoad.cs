using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Federation.Contracts.V1;
using Federation.Core.Delivery;
using Federation.Core.Identity;
using Federation.Core.Treaties;
using Federation.Node.Hosting;
using Federation.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Federation.Benchmarks;

/// <summary>
/// Inbound delivery while a treaty change re-evaluates every shared case. FR holds <c>--cases</c> cases
/// shared with DE under treaty v1; a stream of summaries DE→FR runs over mTLS (<c>--concurrency</c>
/// callers, each waiting for its acknowledgement); then v2 is installed at both and countersigned, so
/// FR re-evaluates every shared case (and sends each one again) while the stream goes on. Reports
/// deliveries/s and the p50/p99 acknowledgement latency before, during and after FR's re-evaluation,
/// as ratios to the before-phase. Before the re-evaluation left the inbox writer, FR's inbox took no
/// batch for the whole run.
/// Usage: reeval-load [--cases 10000] [--concurrency 4] [--seconds 10] [--warmup 10]
/// </summary>
internal static class ReevalLoad
{
    private static readonly JurisdictionCode Fr = JurisdictionCode.Parse("FR");
    private static readonly JurisdictionCode De = JurisdictionCode.Parse("DE");

    public static async Task<int> RunAsync(string[] args)
    {
        var cases = Arg(args, "--cases", 10_000);
        var concurrency = Arg(args, "--concurrency", 4);
        var phase = TimeSpan.FromSeconds(Arg(args, "--seconds", 10));
        var warmUp = TimeSpan.FromSeconds(Arg(args, "--warmup", 10));
        Console.WriteLine($"Re-evaluation load: {cases} cases FR→DE, then an amendment; {concurrency} callers delivering DE→FR; {Environment.ProcessorCount} cores; {string.Join(' ', args)}");

        var settings = new Dictionary<string, string?> { ["Federation:Outbox:MaxInFlight"] = "64", ["Federation:Outbox:BatchSize"] = "512" };
        var v1 = TreatyFiles.Yaml("ai-cvd", ["FR", "DE"], "[title, sector]");
        await using var federation = await TestFederation.StartAsync(["FR", "DE"], v1, extraSettings: settings);
        var fr = federation["FR"];
        var de = federation["DE"];
        var frTreaties = fr.Services.GetRequiredService<ITreatyRegistry>();

        var seeding = Stopwatch.StartNew();
        await SeedAsync(fr.AdminClient(), cases);
        await OutboxDrainedAsync(fr);
        Console.WriteLine($"Seeded {cases} cases shared FR→DE and delivered in {seeding.Elapsed.TotalSeconds:0.0} s.");

        using var channel = ShareLoad.PeerLikeChannel(fr.PeerEndpoint, de.Services.GetRequiredService<NodeRuntime>());
        var stream = new DeliveryStream(new Peer.PeerClient(channel), de.Services.GetRequiredService<IEnvelopeSealer>(), frTreaties);
        using var stop = new CancellationTokenSource();
        var clock = Stopwatch.StartNew();
        var callers = Enumerable.Range(0, concurrency).Select(_ => stream.RunAsync(clock, stop.Token)).ToList();

        // Warm-up (the JIT settles, the stream reaches its pace), then the before-phase.
        await Task.Delay(warmUp);
        var beforeFrom = clock.Elapsed;
        await Task.Delay(phase);
        var beforeTo = clock.Elapsed;

        // The amendment: FR installs v2, then DE; DE's countersignature reaching FR's inbox brings v2 into force there.
        // The re-evaluation is seen from outside (so the tool measures any version of the node the same way):
        // it starts when v2 is in force at FR and ends when FR has queued a new revision of every shared case.
        var auditMark = await LastAuditSequenceAsync(fr);
        var v2 = TreatyFiles.Yaml("ai-cvd", ["FR", "DE"], "[title, sector, vendor]", version: 2);
        await fr.AdminClient().Treaties.InstallTreatyAsync(new InstallTreatyRequest { FileName = "v2.yaml", Yaml = v2 });
        await de.AdminClient().Treaties.InstallTreatyAsync(new InstallTreatyRequest { FileName = "v2.yaml", Yaml = v2 });
        while (frTreaties.InForceBetween(Fr, De, DateTimeOffset.UtcNow).All(t => t.Version != 2))
        {
            await Task.Delay(2);
        }

        var duringFrom = clock.Elapsed;
        while (await ReevaluatedSinceAsync(fr, auditMark) < cases)
        {
            await Task.Delay(50);
        }

        var duringTo = clock.Elapsed;
        var afterFrom = duringTo;
        await Task.Delay(phase);
        var afterTo = clock.Elapsed;
        await stop.CancelAsync();
        await Task.WhenAll(callers);
        var drained = await OutboxDrainedAsync(fr);

        var before = stream.Between(beforeFrom, beforeTo);
        var during = stream.Between(duringFrom, duringTo);
        var after = stream.Between(afterFrom, afterTo);
        Console.WriteLine($"Re-evaluation at FR: {(duringTo - duringFrom).TotalSeconds:0.00} s for {cases} cases; FR's outbox drained to DE {drained:0.0} s after the stream stopped; "
                          + $"{stream.Refused} deliveries refused in all ({string.Join(", ", stream.RefusalReasons.Take(3))}).");
        Console.WriteLine();
        Console.WriteLine("| phase | seconds | acknowledged | per second | p50 ms | p99 ms | ratio per second | ratio p50 | ratio p99 |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        Row("before", beforeTo - beforeFrom, before, before, beforeTo - beforeFrom);
        Row("during re-evaluation", duringTo - duringFrom, during, before, beforeTo - beforeFrom);
        Row("after", afterTo - afterFrom, after, before, beforeTo - beforeFrom);
        return 0;
    }

    private static void Row(string name, TimeSpan length, List<double> samples, List<double> baseline, TimeSpan baselineLength)
    {
        if (samples.Count == 0)
        {
            Console.WriteLine($"| {name} | {length.TotalSeconds:0.00} | 0 | 0 | - | - | 0 | - | - |");
            return;
        }

        var rate = samples.Count / length.TotalSeconds;
        var baseRate = baseline.Count / baselineLength.TotalSeconds;
        var (p50, p99) = (Percentile(samples, 0.50), Percentile(samples, 0.99));
        var (b50, b99) = (Percentile(baseline, 0.50), Percentile(baseline, 0.99));
        Console.WriteLine($"| {name} | {length.TotalSeconds:0.00} | {samples.Count} | {rate:N0} | {p50:0.00} | {p99:0.00} | {rate / baseRate:0.00} | {p50 / b50:0.00} | {p99 / b99:0.00} |");
    }

    /// <summary>DE's summaries for FR, sealed just before sending under the version FR has in force then, each acknowledgement timed.</summary>
    private sealed class DeliveryStream(Peer.PeerClient client, IEnvelopeSealer sealer, ITreatyRegistry receiverTreaties)
    {
        private readonly ConcurrentBag<(double StartedAt, double Milliseconds)> _acknowledged = [];
        private readonly ConcurrentDictionary<string, int> _refusals = new(StringComparer.Ordinal);
        private int _refused;

        public int Refused => _refused;

        public IEnumerable<string> RefusalReasons => _refusals.OrderByDescending(r => r.Value).Select(r => $"{r.Value}× {r.Key}");

        public async Task RunAsync(Stopwatch clock, CancellationToken cancellationToken)
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var now = DateTimeOffset.UtcNow;
                var treaty = receiverTreaties.InForceBetween(Fr, De, now)[0];
                var summary = new Core.Sharing.CaseSummary(FederationCaseId.New(De, TimeProvider.System), 1, Core.Cases.Tlp.Green,
                    [new("title", "Prompt injection in a tax assistant"), new("sector", "finance")]);
                var messageId = MessageId.New(De, TimeProvider.System);
                var envelope = SignedEnvelope.Parser.ParseFrom(sealer.Seal(messageId, Fr, treaty, summary, now));
                var startedAt = clock.Elapsed.TotalMilliseconds;
                try
                {
                    await client.DeliverAsync(envelope, cancellationToken: CancellationToken.None);
                    _acknowledged.Add((startedAt, clock.Elapsed.TotalMilliseconds - startedAt));
                }
                catch (Grpc.Core.RpcException ex)
                {
                    Interlocked.Increment(ref _refused);
                    _refusals.AddOrUpdate(ex.StatusCode.ToString(), 1, (_, n) => n + 1);
                }
            }
        }

        /// <summary>Latencies of the deliveries started in [from, to).</summary>
        public List<double> Between(TimeSpan from, TimeSpan to) =>
            [.. _acknowledged.Where(a => a.StartedAt >= from.TotalMilliseconds && a.StartedAt < to.TotalMilliseconds).Select(a => a.Milliseconds)];
    }

    private static async Task SeedAsync(AdminClients fr, int cases)
    {
        var remaining = cases;
        await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            while (Interlocked.Decrement(ref remaining) >= 0)
            {
                var created = await fr.Cases.CreateCaseAsync(new CreateCaseRequest
                {
                    Fields = new CaseFields { Title = "Training-data extraction", Sector = "finance", Vendor = "Acme", Tlp = TlpLabel.Green },
                });
                await fr.Cases.RecordConsentAsync(new RecordConsentRequest { FederationCaseId = created.FederationCaseId, Scopes = { "share-summary", "share-vendor" } });
                await fr.Cases.ShareCaseAsync(new ShareCaseRequest { FederationCaseId = created.FederationCaseId, Partners = { "DE" } });
            }
        }));
    }

    private static async Task<long> LastAuditSequenceAsync(TestNode node)
    {
        await using var scope = node.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Federation.Storage.FederationDbContext>();
        return db.Audit.Max(a => a.Sequence);
    }

    private static async Task<int> ReevaluatedSinceAsync(TestNode node, long sequence)
    {
        await using var scope = node.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Federation.Storage.FederationDbContext>();
        return db.Audit.Count(a => a.Sequence > sequence && a.Kind == Federation.Core.Audit.AuditKinds.ShareReevaluated);
    }

    private static async Task<double> OutboxDrainedAsync(TestNode fr)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromMinutes(10))
        {
            await using var scope = fr.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<Federation.Storage.FederationDbContext>();
            if (db.Outbox.Any(m => m.State == Federation.Core.Delivery.DeliveryState.Failed))
            {
                throw new InvalidOperationException("Deliveries FR→DE failed during the load run.");
            }

            if (!db.Outbox.Any(m => m.State == Federation.Core.Delivery.DeliveryState.Pending))
            {
                return clock.Elapsed.TotalSeconds;
            }

            await Task.Delay(100);
        }

        return double.NaN;
    }

    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
    }

    private static int Arg(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], CultureInfo.InvariantCulture, out var value) && value > 0 ? value : fallback;
    }
}
