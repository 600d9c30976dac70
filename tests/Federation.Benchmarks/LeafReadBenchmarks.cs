using BenchmarkDotNet.Attributes;
using Federation.Core.Abstractions;
using Federation.Core.Audit;
using Federation.Storage;
using Federation.Storage.Stores;
using Federation.Testing;
using Federation.Transparency;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Federation.Benchmarks;

/// <summary>
/// What the checkpoint signer does for every leaf appended since its last checkpoint, and so what each share costs it
/// twice (a leaf at each end): read the leaf from the store and hash it. A page of 1,000 from a random place in a store
/// of 20,000 audit entries written by the store itself, like a share's (subject, treaty, digest). Baseline: the LINQ
/// query the port ran until 2026-12-08, in the same run; the port now reads the leaves with a prepared statement.
/// </summary>
[MemoryDiagnoser]
public class LeafReadBenchmarks
{
    private const int Entries = 20_000;
    private const int Page = 1_000;

    private TempDirectory _folder = null!;
    private ServiceProvider _services = null!;
    private FederationDbContext _db = null!;
    private EfTransparencyLog _log = null!;
    private readonly Random _random = new(5);

    [GlobalSetup]
    public void Setup()
    {
        _folder = new TempDirectory("federation-leaf-bench");
        var services = new ServiceCollection();
        services.AddFederationStorage($"Data Source={_folder.Combine("leaves.db")}");
        _services = services.BuildServiceProvider();
        _services.GetRequiredService<StorageInitializer>().InitializeAsync(CancellationToken.None).GetAwaiter().GetResult();
        var digest = System.Security.Cryptography.SHA256.HashData("envelope"u8.ToArray());
        for (var written = 0; written < Entries; written += 500)
        {
            using var scope = _services.CreateScope();
            var audit = scope.ServiceProvider.GetRequiredService<IAuditLog>();
            for (var i = 0; i < 500; i++)
            {
                audit.Append(AuditEntry.Create(TimeProvider.System, AuditKinds.EnvelopeAccepted, "peer:FR", $"FR-M-01JDX3K8Q7ZC4V9M2N6P8R{written + i:D6}", "accepted",
                    "case=FR-C-1; revision=1", "eu-ai-incident@3", digest));
            }

            scope.ServiceProvider.GetRequiredService<IUnitOfWork>().SaveChangesAsync(CancellationToken.None).GetAwaiter().GetResult();
        }

        _db = _services.GetRequiredService<IDbContextFactory<FederationDbContext>>().CreateDbContext();
        // Open for both cases, as a node's unit of work keeps it open: otherwise the LINQ query alone would pay an open
        // (the connection's pragmas, EF's functions) at every invocation.
        _db.KeepOpen();
        _log = new EfTransparencyLog(_db);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _db.Dispose();
        _services.Dispose();
        _folder.Dispose();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Page)]
    public int ThroughEfQuery()
    {
        var from = (long)_random.Next(Entries - Page);
        var rows = _db.Audit.AsNoTracking()
            .Where(a => a.Sequence > from && a.Sequence <= from + Page && a.LeafHash != null)
            .OrderBy(a => a.Sequence)
            .Select(a => new { a.Sequence, a.Id, a.At, a.Kind, a.Actor, a.Subject, a.Outcome, a.Treaty, a.MessageDigest, a.ContentCommitment })
            .ToListAsync(CancellationToken.None).GetAwaiter().GetResult();
        return Hashed([.. rows.Select(a => new LogLeaf(a.Sequence - 1, a.Id, a.At, a.Kind, a.Actor, a.Subject, a.Outcome, a.Treaty, a.MessageDigest, a.ContentCommitment!))]);
    }

    [Benchmark(OperationsPerInvoke = Page)]
    public int ThroughThePort() => Hashed(_log.LeavesAsync(_random.Next(Entries - Page), Page, CancellationToken.None).GetAwaiter().GetResult());

    private static int Hashed(IReadOnlyList<LogLeaf> leaves)
    {
        var sum = 0;
        foreach (var leaf in leaves)
        {
            sum += leaf.Hash()[0];
        }

        return leaves.Count == Page ? sum : throw new InvalidOperationException($"A page of {leaves.Count} leaves, not {Page}.");
    }
}
