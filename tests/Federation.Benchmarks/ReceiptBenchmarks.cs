using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Federation.Transparency;

namespace Federation.Benchmarks;

/// <summary>
/// The receipts of one group commit, per receipt: what the receiver does to sign and write them (one signature per
/// batch, a path and a text each), and what the sender does to read each one back (parse, canonical check, path to
/// the root; the head's signature is checked once a batch, so it is left out). Baseline: one one-shot SHA-256 of a
/// node's 65 bytes, independent of the code measured.
/// </summary>
[MemoryDiagnoser]
public class ReceiptBenchmarks
{
    private const int BatchSize = 64;
    private NoteSigner _signer = null!;
    private LogReceipt[] _receipts = null!;
    private string[] _texts = null!;
    private readonly byte[] _node = new byte[1 + (2 * MerkleHash.Size)];

    [GlobalSetup]
    public void Setup()
    {
        _signer = new NoteSigner("federation.example/de", ECDsa.Create(ECCurve.NamedCurves.nistP256));
        _receipts = [.. Enumerable.Range(0, BatchSize).Select(i => new LogReceipt(_signer.Name, 1_000_000 + i, $"FR-M-01JDX3K8Q7ZC4V9M2N6P8R{i:D4}", SHA256.HashData(BitConverter.GetBytes(i))))];
        _texts = [.. SignedReceipt.SignBatch(_signer, _receipts).Select(r => r.Format())];
    }

    [Benchmark(Baseline = true)]
    public byte[] Sha256OfANode() => SHA256.HashData(_node);

    /// <summary>The receiver: a batch's receipts signed (one ECDSA signature) and each written as it travels.</summary>
    [Benchmark(OperationsPerInvoke = BatchSize)]
    public int SignAndFormat()
    {
        var length = 0;
        foreach (var receipt in SignedReceipt.SignBatch(_signer, _receipts))
        {
            length += receipt.Format().Length;
        }

        return length;
    }

    /// <summary>The sender: each receipt parsed strictly and its path checked to the batch root.</summary>
    [Benchmark(OperationsPerInvoke = BatchSize)]
    public int ParseAndCheckPath()
    {
        var held = 0;
        foreach (var text in _texts)
        {
            if (SignedReceipt.Parse(text).PathHolds())
            {
                held++;
            }
        }

        return held;
    }
}
