using System.Security.Cryptography.X509Certificates;
using Federation.Contracts.V1;
using Federation.Core;
using Federation.Core.Identity;
using Federation.Core.Transparency;
using Federation.Node.Security;
using Federation.Transparency;
using Google.Protobuf;

namespace Federation.Node.Transparency;

/// <summary>
/// What this node's log answers its partners over the peer service: its latest signed checkpoint, proofs between and
/// into the heads it signed, and the cosignatures its witnesses send. Only signed sizes are proved, so a partner never
/// learns a head the node has not committed to.
/// </summary>
public sealed class LogServer(ITransparencyLog log, ICheckpointStore checkpoints, NodeIdentity identity, LocalNode node)
{
    /// <summary>Cosignatures are merged into the stored note one at a time, so that two witnesses never drop each other's.</summary>
    private readonly SemaphoreSlim _cosignGate = new(1, 1);

    public string Origin => AuditLogName.Of(node.Jurisdiction);

    /// <summary>The checkpoint store keeps this node's own checkpoints under its jurisdiction code (partners' under their log names).</summary>
    private string OwnLog => node.Jurisdiction.Value;

    public async Task<CheckpointResponse> GetCheckpointAsync(CancellationToken cancellationToken)
    {
        var latest = await LatestAsync(cancellationToken);
        return new CheckpointResponse { Note = latest.Note, LogCertificate = ByteString.CopyFrom(identity.Current.RawData) };
    }

    public async Task<ProofResponse> GetConsistencyProofAsync(long oldSize, long newSize, CancellationToken cancellationToken)
    {
        var latest = await LatestAsync(cancellationToken);
        if (oldSize < 0 || newSize < oldSize || newSize > latest.Size)
        {
            throw new FederationException(ErrorCode.InvalidArgument,
                $"A consistency proof goes from a smaller to a larger size, at most the latest signed one ({latest.Size}); asked {oldSize} to {newSize}.", "new_size");
        }

        var proof = await log.ConsistencyProofAsync(oldSize, newSize, cancellationToken);
        var response = new ProofResponse();
        response.Hashes.AddRange(proof.Select(ByteString.CopyFrom));
        return response;
    }

    /// <summary>
    /// The proof of one leaf that records a message from the caller: a leaf's metadata (who, which case, which
    /// treaty) about anyone else is not the caller's to read, so any other leaf is answered as not found.
    /// </summary>
    public async Task<InclusionProofResponse> GetInclusionProofAsync(PeerIdentity caller, long index, CancellationToken cancellationToken)
    {
        var latest = await LatestAsync(cancellationToken);
        if (index < 0 || index >= latest.Size)
        {
            throw new FederationException(ErrorCode.InvalidArgument,
                $"Leaf {index} is not in the latest signed checkpoint (size {latest.Size}); ask again after the next one.", "leaf_index");
        }

        var leaf = (await log.LeavesAsync(index, 1, cancellationToken)).Single();
        if (!string.Equals(leaf.Actor, $"peer:{caller.Jurisdiction}", StringComparison.Ordinal) || leaf.MessageDigest is null)
        {
            throw new FederationException(ErrorCode.NotFound, $"Leaf {index} records no message of yours; a receipt names the leaves you may ask for.", "leaf_index");
        }

        var proof = await log.InclusionProofAsync(index, latest.Size, cancellationToken);
        var response = new InclusionProofResponse { CheckpointNote = latest.Note, Leaf = ByteString.CopyFrom(leaf.Encode()) };
        response.Hashes.AddRange(proof.Select(ByteString.CopyFrom));
        return response;
    }

    /// <summary>Keeps a witness's cosignature of our latest checkpoint, once verified with the witness's own certificate key.</summary>
    public async Task<CosignResponse> CosignAsync(PeerIdentity witness, X509Certificate2? witnessCertificate, string checkpointText, string cosignatureLine, CancellationToken cancellationToken)
    {
        using var key = witnessCertificate?.GetECDsaPublicKey()
            ?? throw new FederationException(ErrorCode.Unauthenticated, "A cosignature is verified with the caller's ECDSA certificate key; none was presented.");
        var witnessKey = NoteKey.From(AuditLogName.Of(witness.Jurisdiction), key);
        Checkpoint checkpoint;
        NoteSignature cosignature;
        try
        {
            checkpoint = Checkpoint.Parse(checkpointText);
            cosignature = SignedNote.Parse(checkpointText + "\n" + cosignatureLine.TrimEnd('\n') + "\n").Signatures.Single();
        }
        catch (Exception ex) when (ex is FormatException or InvalidOperationException)
        {
            throw new FederationException(ErrorCode.InvalidArgument, $"The cosignature request is malformed: {ex.Message}", "cosignature");
        }

        if (Cosignature.Verify(checkpoint, cosignature, witnessKey) is null)
        {
            throw new FederationException(ErrorCode.SignatureInvalid, $"The cosignature does not verify with {witness.Jurisdiction}'s certificate key as {witnessKey.Name}.", "cosignature");
        }

        await _cosignGate.WaitAsync(cancellationToken);
        try
        {
            var latest = await LatestAsync(cancellationToken);
            if (latest.Size != checkpoint.Size || !latest.RootHash.AsSpan().SequenceEqual(checkpoint.RootHash)
                || !string.Equals(SignedNote.Parse(latest.Note).Text, checkpointText, StringComparison.Ordinal))
            {
                throw new FederationException(ErrorCode.FailedPrecondition,
                    $"Only the latest checkpoint (size {latest.Size}) takes cosignatures; fetch it again.", "checkpoint");
            }

            var note = SignedNote.Parse(latest.Note);
            if (note.Signatures.Any(s => string.Equals(s.KeyName, cosignature.KeyName, StringComparison.Ordinal) && s.KeyId == cosignature.KeyId))
            {
                // One cosignature per witness and checkpoint: calling again adds no row, however often a partner does it.
                return new CosignResponse { Cosignatures = CountCosignatures(note) };
            }

            var merged = new SignedNote(note.Text, [.. note.Signatures, cosignature]);
            await checkpoints.AddAsync(latest with { Note = merged.Format() }, cancellationToken);
            return new CosignResponse { Cosignatures = CountCosignatures(merged) };
        }
        finally
        {
            _cosignGate.Release();
        }
    }

    private int CountCosignatures(SignedNote note) => note.Signatures.Count(s => !string.Equals(s.KeyName, Origin, StringComparison.Ordinal));

    private async Task<StoredCheckpoint> LatestAsync(CancellationToken cancellationToken) =>
        await checkpoints.LatestAsync(OwnLog, cancellationToken)
        ?? throw new FederationException(ErrorCode.FailedPrecondition, "This node has signed no checkpoint of its log yet; ask again later.");
}
