using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using Federation.Storage;
using Federation.Storage.Stores;
using Federation.Storage.Transparency;
using Federation.Testing;
using Federation.Transparency;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Federation.Benchmarks;

/// <summary>
/// Proofs from the store for a log of <see cref="Leaves"/> leaves (FEDERATION_LOG_LEAVES, default 1,000,000; 10,000,000
/// is the figure). The SQLite file is made once per process by the real migrations, then filled by a bulk
/// path (one prepared insert per node, one transaction, synchronous off) and deleted when the process ends: run
/// with <c>--inProcess</c> so all cases share it. Baseline: one prepared primary-key read of one node on the same
/// connection. The build prints the file's bytes per leaf.
/// </summary>
[MemoryDiagnoser]
public class TransparencyStoreBenchmarks
{
    private static readonly Dictionary<long, string> Built = [];

    private SqliteConnection _connection = null!;
    private SqliteCommand _pointRead = null!;
    private SqliteMerkleNodeSource _nodes = null!;
    private ServiceProvider _services = null!;
    private FederationDbContext _db = null!;
    private EfTransparencyLog _log = null!;
    private long[] _indices = null!;
    private int _next;

    public static IEnumerable<long> Sizes => [long.Parse(Environment.GetEnvironmentVariable("FEDERATION_LOG_LEAVES") ?? "1000000", System.Globalization.CultureInfo.InvariantCulture)];

    [ParamsSource(nameof(Sizes))]
    public long Leaves { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var connectionString = Build(Leaves);
        _connection = new SqliteConnection(connectionString);
        _connection.Open();
        // As the node's own connections do (MemoryMappedReads); FEDERATION_LOG_MMAP=0 measures without the map.
        var mmap = Environment.GetEnvironmentVariable("FEDERATION_LOG_MMAP") ?? MemoryMappedReads.Bytes.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Execute(_connection, $"PRAGMA mmap_size = {long.Parse(mmap, System.Globalization.CultureInfo.InvariantCulture)};");

        _pointRead = _connection.CreateCommand();
        _pointRead.CommandText = "SELECT Hash FROM LogNodes WHERE Id = $id;";
        _pointRead.Parameters.Add("$id", SqliteType.Integer);
        _pointRead.Prepare();
        _nodes = new SqliteMerkleNodeSource(_connection);
        var services = new ServiceCollection();
        services.AddFederationStorage(connectionString);
        _services = services.BuildServiceProvider();
        _db = _services.GetRequiredService<IDbContextFactory<FederationDbContext>>().CreateDbContext();
        _log = new EfTransparencyLog(_db);
        var random = new Random(11);
        _indices = [.. Enumerable.Range(0, 4096).Select(_ => random.NextInt64(Leaves))];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _pointRead.Dispose();
        _connection.Dispose();
        _db.Dispose();
        _services.Dispose();
    }

    [Benchmark(Baseline = true)]
    public object? PrimaryKeyRead()
    {
        _pointRead.Parameters[0].Value = LogNodeKey.Of(new NodeAddress(0, NextIndex()));
        return _pointRead.ExecuteScalar();
    }

    /// <summary>The plan, one <c>IN</c> query for its nodes, the folds.</summary>
    [Benchmark]
    public IReadOnlyList<byte[]> InclusionProof() =>
        MerkleProver.InclusionAsync(_nodes, NextIndex(), Leaves, CancellationToken.None).AsTask().GetAwaiter().GetResult();

    /// <summary>What <c>ITransparencyLog</c> costs a caller: the head's size checked through EF Core, then the proof.</summary>
    [Benchmark]
    public IReadOnlyList<byte[]> InclusionProofThroughThePort() =>
        _log.InclusionProofAsync(NextIndex(), Leaves, CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>The same proof over a source that reads nothing: what the plan and the folds cost without the store.</summary>
    [Benchmark]
    public IReadOnlyList<byte[]> InclusionProofWithoutTheStore() =>
        MerkleProver.InclusionAsync(ConstantNodes.Instance, NextIndex(), Leaves, CancellationToken.None).AsTask().GetAwaiter().GetResult();

    [Benchmark]
    public IReadOnlyList<byte[]> ConsistencyProof()
    {
        var old = Math.Max(1, NextIndex());
        return MerkleProver.ConsistencyAsync(_nodes, old, Leaves, CancellationToken.None).AsTask().GetAwaiter().GetResult();
    }

    private long NextIndex() => _indices[_next++ & (_indices.Length - 1)];

    private static string Build(long leaves)
    {
        if (Built.TryGetValue(leaves, out var built))
        {
            return built;
        }

        var folder = new TempDirectory("federation-log-bench");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => folder.Dispose();
        var path = folder.Combine("log.db");
        var connectionString = $"Data Source={path};Pooling=False";
        var clock = Stopwatch.StartNew();
        var services = new ServiceCollection();
        services.AddFederationStorage(connectionString);
        using (var provider = services.BuildServiceProvider())
        {
            provider.GetRequiredService<StorageInitializer>().InitializeAsync(CancellationToken.None).GetAwaiter().GetResult();
        }

        using (var connection = new SqliteConnection(connectionString))
        {
            connection.Open();
            Execute(connection, "PRAGMA synchronous = OFF;");
            using var transaction = connection.BeginTransaction();
            using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO LogNodes (Id, Hash) VALUES ($id, $hash);";
            var id = insert.Parameters.Add("$id", SqliteType.Integer);
            var hash = insert.Parameters.Add("$hash", SqliteType.Blob);
            insert.Prepare();
            var frontier = MerkleFrontier.Empty;
            Span<byte> seed = stackalloc byte[8];
            for (long i = 0; i < leaves; i++)
            {
                BitConverter.TryWriteBytes(seed, i);
                foreach (var (address, value) in frontier.Append(MerkleHash.Leaf(seed)))
                {
                    id.Value = LogNodeKey.Of(address);
                    hash.Value = value;
                    insert.ExecuteNonQuery();
                }
            }

            using var head = connection.CreateCommand();
            head.CommandText = "INSERT INTO LogHead (Id, Size, Frontier, ChainHash) VALUES (1, $size, $frontier, '');";
            head.Parameters.AddWithValue("$size", leaves);
            head.Parameters.AddWithValue("$frontier", frontier.ToBytes());
            head.ExecuteNonQuery();
            transaction.Commit();
            Execute(connection, "PRAGMA wal_checkpoint(TRUNCATE);");
        }

        var bytes = new FileInfo(path).Length;
        Console.WriteLine($"// log store: {leaves:N0} leaves, {bytes:N0} bytes, {(double)bytes / leaves:F1} bytes per leaf (nodes table + an empty schema), built in {clock.Elapsed.TotalSeconds:F0} s");
        Built[leaves] = connectionString;
        return connectionString;
    }

    private sealed class ConstantNodes : IMerkleNodeSource
    {
        public static readonly ConstantNodes Instance = new();
        private static readonly byte[] Hash = new byte[MerkleHash.Size];

        public ValueTask<IReadOnlyDictionary<NodeAddress, byte[]>> ReadAsync(IReadOnlyCollection<NodeAddress> nodes, CancellationToken cancellationToken) =>
            ValueTask.FromResult<IReadOnlyDictionary<NodeAddress, byte[]>>(nodes.ToDictionary(n => n, _ => Hash));
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
