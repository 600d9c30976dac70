using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Federation.Core.Audit;
using Federation.Transparency;

namespace Federation.Benchmarks;

/// <summary>
/// Appending to the log in memory, the path every audit entry takes inside its commit: the leaf (encode + hash), then
/// the frontier (what the store keeps) or the whole tree. Baseline: one RFC 9162 node hash (SHA-256 of 65 bytes).
/// Each append is one operation: leaves per second = 1 / mean.
/// </summary>
[MemoryDiagnoser]
public class TransparencyAppendBenchmarks
{
    private const int Leaves = 65_536;
    private byte[][] _leafHashes = null!;
    private AuditEntry _entry = null!;

    [GlobalSetup]
    public void Setup()
    {
        _leafHashes = [.. Enumerable.Range(0, Leaves).Select(i => MerkleHash.Leaf(BitConverter.GetBytes(i)))];
        _entry = AuditEntry.Create(TimeProvider.System, AuditKinds.EnvelopeAccepted, "peer:DE", "DE-M-01JDX3K8Q7ZC4V9M2N6P8R0T1W", "applied",
            "case=FR-01JDX3K8Q7ZC4V9M2N6P8R0T1W; revision=3; fields=title,synopsis,sector,vendor", "eu-ai-vulnerabilities@3", SHA256.HashData("envelope"u8));
        _entry.Seal(1_000_000, AuditEntry.GenesisHash);
    }

    [Benchmark(Baseline = true)]
    public byte[] NodeHash() => MerkleHash.Node(_leafHashes[0], _leafHashes[1]);

    /// <summary>A typical entry's leaf: its encoding (≈ 250 bytes) and SHA-256.</summary>
    [Benchmark]
    public byte[] LeafOfAnEntry() => _entry.ToLeaf().Hash();

    [Benchmark(OperationsPerInvoke = Leaves)]
    public byte[] FrontierAppend()
    {
        var frontier = MerkleFrontier.Empty;
        foreach (var leaf in _leafHashes)
        {
            frontier.Append(leaf);
        }

        return frontier.Root();
    }

    [Benchmark(OperationsPerInvoke = Leaves)]
    public byte[] TreeAppend()
    {
        var tree = new MerkleTree();
        foreach (var leaf in _leafHashes)
        {
            tree.Append(leaf);
        }

        return tree.Root();
    }
}
