using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Federation.Core.Abstractions;
using Federation.Core.Cases;
using Federation.Core.Dashboard;
using Federation.Core.Deadlines;
using Federation.Core.Embargoes;
using Federation.Core.Identity;
using Federation.Core.Publication;
using Federation.Core.Severity;
using Federation.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Federation.Benchmarks;

/// <summary>
/// The public dashboard under load. One real node FR (public listener on loopback, HTTPS) holds <c>--cases</c>
/// published cases, seeded through the store directly (publishing 10,000 cases one admin call at a time would
/// measure the publish path, not the dashboard; the rows are the ones publish writes: case, CSAF advisory, embargo
/// signals, CRA reports), and a few unpublished ones. <c>--concurrency</c> clients then GET, in turn, the dashboard
/// page, the JSON feed and a static file of the same listener for <c>--seconds</c>, so the three share every
/// condition of the run. Reports p50/p99 per path and their ratios to the static file.
/// Usage: dashboard-load [--cases 10000] [--concurrency 4] [--seconds 10] [--warmup 3]
/// </summary>
internal static class DashboardLoad
{
    private static readonly string[] Paths = ["en/dashboard", "api/v1/dashboard.json", "static/site.css"];

    public static async Task<int> RunAsync(string[] args)
    {
        var cases = Arg(args, "--cases", 10_000);
        var concurrency = Arg(args, "--concurrency", 4);
        var seconds = Arg(args, "--seconds", 10);
        var warmUp = Arg(args, "--warmup", 3);
        Console.WriteLine($"Dashboard load: {cases} published cases, {concurrency} concurrent clients, {Environment.ProcessorCount} cores; {string.Join(' ', args)}");

        using var folder = new TempDirectory("federation-dashboard-load");
        var pki = new TestPki(folder.Combine("pki"));
        pki.Ca("FR");
        pki.Ca("DE");
        TreatyFiles.Write(folder.Combine("treaties"), "t.yaml", TreatyFiles.Yaml("t", ["FR", "DE"]));
        await using var node = await TestNode.StartAsync("FR", pki, folder.Path, ["DE"], folder.Combine("treaties"), extraSettings: new Dictionary<string, string?>
        {
            ["Federation:Timelines:0"] = "cra",
            // The periodic rebuild is timed on its own below; during the GETs the snapshot stays the same.
            ["Federation:Dashboard:MaxAge"] = "1.00:00:00",
        });

        var seeding = Stopwatch.StartNew();
        await SeedAsync(node, cases);
        Console.WriteLine($"Seeded {cases} published cases (and {cases / 50} unpublished) through the store in {seeding.Elapsed.TotalSeconds:0.0} s.");

        // The rebuild the refresher runs after a publication, timed here once (it is never on a request's path).
        var rebuild = Stopwatch.StartNew();
        DashboardSnapshot snapshot;
        await using (var scope = node.Services.CreateAsyncScope())
        {
            snapshot = await scope.ServiceProvider.GetRequiredService<DashboardRebuilder>().RebuildAsync(CancellationToken.None);
        }

        var first = rebuild.Elapsed;
        rebuild.Restart();
        await using (var scope = node.Services.CreateAsyncScope())
        {
            snapshot = await scope.ServiceProvider.GetRequiredService<DashboardRebuilder>().RebuildAsync(CancellationToken.None);
        }

        Console.WriteLine($"Snapshot rebuilt from the store in {first.TotalMilliseconds:0} ms (every advisory parsed), again in {rebuild.Elapsed.TotalMilliseconds:0} ms (parses kept): {snapshot.Figures.Published} published, "
                          + $"{snapshot.Figures.PublishedPerQuarter.Count} quarters, median {snapshot.Figures.MedianDaysToPublication:0.0} days, "
                          + $"embargoes kept {snapshot.Figures.Embargoes.Kept}/{snapshot.Figures.Embargoes.Counted}, unpublished {snapshot.Figures.Unpublished.Total}.");
        if (snapshot.Figures.Published != cases)
        {
            Console.Error.WriteLine($"Expected {cases} published cases on the dashboard, found {snapshot.Figures.Published}.");
            return 1;
        }

        using var client = node.CreatePublicClient(useCookies: false);
        var samples = Paths.ToDictionary(p => p, _ => new ConcurrentBag<double>());
        var bytes = new ConcurrentDictionary<string, long>();
        var failures = 0;
        using var stop = new CancellationTokenSource();
        var measuring = false;
        async Task ClientAsync(int index)
        {
            var turn = index;
            // One buffer per client: reading each body into a fresh array (86 KB pages land on the large object
            // heap) would make the tool's own garbage collections part of what it measures.
            var buffer = new byte[64 * 1024];
            while (!stop.IsCancellationRequested)
            {
                var path = Paths[turn++ % Paths.Length];
                var started = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await client.GetAsync(path, HttpCompletionOption.ResponseHeadersRead, stop.Token);
                    await using var body = await response.Content.ReadAsStreamAsync(stop.Token);
                    long length = 0;
                    for (int read; (read = await body.ReadAsync(buffer, stop.Token)) > 0;)
                    {
                        length += read;
                    }

                    var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                    if (!response.IsSuccessStatusCode)
                    {
                        Interlocked.Increment(ref failures);
                    }
                    else if (Volatile.Read(ref measuring))
                    {
                        samples[path].Add(elapsed);
                        bytes[path] = length;
                    }
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    return;
                }
                catch (HttpRequestException)
                {
                    Interlocked.Increment(ref failures);
                }
            }
        }

        var clients = Enumerable.Range(0, concurrency).Select(ClientAsync).ToList();
        await Task.Delay(TimeSpan.FromSeconds(warmUp));
        Volatile.Write(ref measuring, true);
        await Task.Delay(TimeSpan.FromSeconds(seconds));
        Volatile.Write(ref measuring, false);
        await stop.CancelAsync();
        await Task.WhenAll(clients);

        var baseline = samples[Paths[^1]].ToList();
        var (b50, b99) = (Percentile(baseline, 0.50), Percentile(baseline, 0.99));
        Console.WriteLine();
        Console.WriteLine($"{failures} failed requests.");
        Console.WriteLine("| path | bytes | requests | per second | p50 ms | p99 ms | ratio p50 to static | ratio p99 to static |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var path in Paths)
        {
            var values = samples[path].ToList();
            var (p50, p99) = (Percentile(values, 0.50), Percentile(values, 0.99));
            Console.WriteLine($"| /{path} | {bytes.GetValueOrDefault(path):N0} | {values.Count:N0} | {values.Count / (double)seconds:N0} | {p50:0.00} | {p99:0.00} | {p50 / b50:0.00} | {p99 / b99:0.00} |");
        }

        return failures == 0 ? 0 : 1;
    }

    /// <summary>
    /// Published cases spread over three years, each reported 5 to 95 days before publication, a third with an
    /// agreed embargo (one in ten of those broken), CRA reports for most; in batches of 500 rows per transaction.
    /// </summary>
    private static async Task SeedAsync(TestNode node, int cases)
    {
        var publisher = node.Services.GetRequiredService<AdvisoryPublisher>();
        var origin = JurisdictionCode.Parse("FR");
        var partner = JurisdictionCode.Parse("DE");
        var start = DateTimeOffset.UtcNow.AddYears(-3);
        var span = TimeSpan.FromDays(3 * 365 - 100);
        var cvss = new[]
        {
            CvssV4Vector.Parse("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N"),
            CvssV4Vector.Parse("CVSS:4.0/AV:N/AC:H/AT:N/PR:L/UI:N/VC:H/VI:N/VA:N/SC:N/SI:N/SA:N"),
            CvssV4Vector.Parse("CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:P/VC:L/VI:L/VA:N/SC:N/SI:N/SA:N"),
        };
        var classes = Federation.Core.Taxonomy.TaxonomyCatalogue.Default.AttackClasses;
        var components = Federation.Core.Taxonomy.TaxonomyCatalogue.Default.ComponentKinds;
        var random = new Random(12);
        const int batch = 500;
        for (var first = 0; first < cases + (cases / 50); first += batch)
        {
            await using var scope = node.Services.CreateAsyncScope();
            var services = scope.ServiceProvider;
            var caseStore = services.GetRequiredService<ICaseStore>();
            var publications = services.GetRequiredService<IPublicationStore>();
            var embargoes = services.GetRequiredService<IEmbargoStore>();
            var reports = services.GetRequiredService<ICaseReportStore>();
            for (var i = first; i < Math.Min(first + batch, cases + (cases / 50)); i++)
            {
                var publishedAt = start + (span * (i / (double)cases));
                var reportedAt = publishedAt - TimeSpan.FromDays(5 + random.Next(90));
                var clock = new FakeTimeProvider(reportedAt);
                var @case = Case.Create(origin, new CaseFieldsUpdate
                {
                    Title = $"Flaw {i} in an AI assistant", Synopsis = "A crafted input defeats the assistant's guardrails.", Vendor = $"Vendor {i % 97}",
                    Product = $"Assistant {i % 13}", ModelVersion = "2.1", TaxonomyClass = classes[i % classes.Count].Id, Component = components[i % components.Count].Id,
                    Tlp = Tlp.Clear,
                }, clock);
                @case.Assess(cvss[i % cvss.Length], i % 2 == 0 ? SsvcAssessment.Parse("SSVC/E:A/A:Y/T:T/M:H") : null, "analyst", clock);
                caseStore.Add(@case);
                if (i >= cases)
                {
                    continue;
                }

                clock.SetUtcNow(reportedAt.AddHours(6));
                reports.Add(new CaseReport(@case.Id, "early-warning", "seed", clock.GetUtcNow()));
                reports.Add(new CaseReport(@case.Id, "notification", "seed", reportedAt.AddHours(i % 5 == 0 ? 80 : 60)));
                // Shared with DE under treaty t, so DE takes part in the embargo (its accept and break count).
                var share = new CaseShare(@case.Id, partner.Value);
                share.Record("t", 1, @case.Revision, MessageId.New(origin, clock), reportedAt.AddHours(12), new string('0', 64));
                caseStore.AddShare(share);
                if (i % 3 == 0)
                {
                    var id = FederationCaseId.Parse(@case.Id);
                    var propose = new EmbargoSignal(MessageId.New(origin, clock), id, origin, EmbargoSignalKind.Propose, reportedAt.AddDays(1), publishedAt);
                    var accept = new EmbargoSignal(MessageId.New(partner, clock), id, partner, EmbargoSignalKind.Accept, reportedAt.AddDays(2), RefersTo: propose.Id);
                    var exit = i % 30 == 0
                        ? new EmbargoSignal(MessageId.New(partner, clock), id, partner, EmbargoSignalKind.Break, publishedAt.AddHours(-2), Reason: "exploited in the wild")
                        : new EmbargoSignal(MessageId.New(origin, clock), id, origin, EmbargoSignalKind.Lift, publishedAt.AddHours(-1));
                    foreach (var signal in new[] { propose, accept, exit })
                    {
                        embargoes.AddSignal(new EmbargoSignalRecord(signal, [], signal.SentAt));
                    }
                }

                clock.SetUtcNow(publishedAt);
                @case.Update(new CaseFieldsUpdate { Status = CaseStatus.Published }, clock);
                var publication = AdvisoryPublication.Initial(publisher, @case.Id, new AdvisoryRemediation(RemediationCategory.VendorFix, "Update to 2.2."), publishedAt);
                publications.AddAdvisory(new PublishedAdvisory(@case.Id, publication, CsafAdvisoryBuilder.Build(@case, publication)));
            }

            await services.GetRequiredService<IUnitOfWork>().SaveChangesAsync(CancellationToken.None);
        }
    }

    private static double Percentile(List<double> values, double p)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
    }

    private static int Arg(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], CultureInfo.InvariantCulture, out var value) && value > 0 ? value : fallback;
    }
}
