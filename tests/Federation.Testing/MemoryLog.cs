using System.Security.Cryptography;
using Federation.Transparency;
using Federation.Transparency.Bundles;

namespace Federation.Testing;

/// <summary>A log in memory, the reference the store is measured against: leaves, the tree, signed checkpoints.</summary>
public sealed class MemoryLog : IBundleSource, IDisposable
{
    private readonly MerkleTree _tree = new();
    private readonly List<LogLeaf> _leaves = [];
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private DateTimeOffset _clock = new(2026, 12, 2, 6, 0, 0, TimeSpan.Zero);

    public MemoryLog(string origin = "federation.audit/fr")
    {
        Signer = new NoteSigner(origin, _key);
    }

    public NoteSigner Signer { get; }

    public List<string> Checkpoints { get; } = [];

    public long Size => _tree.Size;

    public LogLeaf Leaf(long index) => _leaves[(int)index];

    /// <summary>Appends leaves shaped like the node's: messages sent and received with digests, decisions without.</summary>
    public void Append(int count)
    {
        for (var i = 0; i < count; i++)
        {
            var index = _tree.Size;
            _clock = _clock.AddTicks(12_345_671);
            var message = index % 3 == 0;
            var leaf = new LogLeaf(index, $"01JD{index:D22}", _clock, message ? "envelope.accepted" : "share.decided", message ? "peer:DE" : "operator",
                message ? $"DE-M-{index:D8}" : $"FR-01JD{index:D8}", message ? "applied" : "shared", index % 2 == 0 ? "fr-de-cert@3" : null,
                message ? SHA256.HashData(BitConverter.GetBytes(index)) : null, LogLeaf.Commit(BitConverter.GetBytes(~index), $"detail {index}"));
            _leaves.Add(leaf);
            _tree.Append(leaf.Hash());
        }
    }

    /// <summary>Appends the leaf a sender writes when a partner acknowledged its message (kind envelope.delivered); returns its index.</summary>
    public long AppendDelivered(string messageId, byte[] digest)
    {
        var index = _tree.Size;
        _clock = _clock.AddTicks(12_345_671);
        var leaf = new LogLeaf(index, $"01JD{index:D22}", _clock, "envelope.delivered", "system", messageId, "acknowledged", "fr-de-cert@3",
            digest, LogLeaf.Commit(BitConverter.GetBytes(~index), $"delivered {index}"));
        _leaves.Add(leaf);
        _tree.Append(leaf.Hash());
        return index;
    }

    /// <summary>This log's receipt for a message it logged at <paramref name="index"/>, whatever it says.</summary>
    public string Receipt(long index, string messageId, byte[] digest) =>
        Signer.Sign(new LogReceipt(Signer.Name, index, messageId, digest)).Format();

    public string Sign()
    {
        _clock = _clock.AddMinutes(1);
        var note = Signer.Sign(new Checkpoint(Signer.Name, _tree.Size, _tree.Root(), _clock)).Format();
        Checkpoints.Add(note);
        return note;
    }

    public string Receipt(long index) =>
        Signer.Sign(new LogReceipt(Signer.Name, index, _leaves[(int)index].Subject!, _leaves[(int)index].MessageDigest!)).Format();

    public Task<AuditBundle> ExportAsync(long from, long to, params long[] prove) =>
        BundleBuilder.BuildAsync(this, Signer.Name, [Signer.PublicKey], Checkpoints, from, to, prove, CancellationToken.None);

    public ValueTask<IReadOnlyList<LogLeaf>> LeavesAsync(long from, int count, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IReadOnlyList<LogLeaf>>(_leaves.Skip((int)from).Take(count).ToList());

    public ValueTask<IReadOnlyList<byte[]>> InclusionProofAsync(long index, long size, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_tree.InclusionProof(index, size));

    public ValueTask<IReadOnlyList<byte[]>> ConsistencyProofAsync(long oldSize, long newSize, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_tree.ConsistencyProof(oldSize, newSize));

    public void Dispose() => _key.Dispose();
}
