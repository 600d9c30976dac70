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
/// into the heads it signed, and the cosignatures its witnesses send. Nothing beyond the latest signed head is proved, so a
/// partner never learns a head the node has not committed to.
/// </summary>
public sealed class LogServer(IServiceScopeFactory scopes, NodeIdentity identity, LogKeyring keys, LocalNode node)
{
    public string Origin => AuditLogName.Of(node.Jurisdiction);

    /// <summary>The checkpoint store keeps this node's own checkpoints under its jurisdiction code (partners' under their log names).</summary>
    private string OwnLog => node.Jurisdiction.Value;

    public async Task<CheckpointResponse> GetCheckpointAsync(CancellationToken cancellationToken)
    {
        // A scope per call: the store's context is not shared between partners' concurrent calls.
        await using var scope = scopes.CreateAsyncScope();
        var latest = await LatestAsync(scope, cancellationToken);
        // Right after a rotation the latest note may still be the old key's (a fresh one is signed at once, but a call
        // can come first): the certificate served is the one whose key signed the note, so the two always agree.
        var certificate = keys.CertificateFor(SignedNote.Parse(latest.Note)) ?? identity.Current.RawData;
        return new CheckpointResponse { Note = latest.Note, LogCertificate = ByteString.CopyFrom(certificate) };
    }

    public async Task<ProofResponse> GetConsistencyProofAsync(long oldSize, long newSize, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var latest = await LatestAsync(scope, cancellationToken);
        if (oldSize < 0 || newSize < oldSize || newSize > latest.Size)
        {
            throw new FederationException(ErrorCode.InvalidArgument,
                $"A consistency proof goes from a smaller to a larger size, at most the latest signed one ({latest.Size}); asked {oldSize} to {newSize}.", "new_size");
        }

        var proof = await Log(scope).ConsistencyProofAsync(oldSize, newSize, cancellationToken);
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
        await using var scope = scopes.CreateAsyncScope();
        var log = Log(scope);
        var latest = await LatestAsync(scope, cancellationToken);
        if (index < 0 || index >= latest.Size)
        {
            throw new FederationException(ErrorCode.InvalidArgument,
                $"Leaf {index} is not in the latest signed checkpoint (size {latest.Size}); ask again after the next one.", "leaf_index");
        }

        var leaf = (await log.LeavesAsync(index, 1, cancellationToken)).SingleOrDefault()
            ?? throw new FederationException(ErrorCode.NotFound, $"Leaf {index} records no message of yours; a receipt names the leaves you may ask for.", "leaf_index");
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

        // The merge is the store's operation, under its write lock: witnesses cosigning at once, through this process or
        // another on the same store, each add their line to what the other kept, never to a copy read before it.
        await using var scope = scopes.CreateAsyncScope();
        var kept = await scope.ServiceProvider.GetRequiredService<ICheckpointStore>().MergeLatestAsync(OwnLog, latest =>
        {
            if (latest is null)
            {
                throw new FederationException(ErrorCode.FailedPrecondition, "This node has signed no checkpoint of its log yet; ask again later.");
            }

            var note = SignedNote.Parse(latest.Note);
            if (latest.Size != checkpoint.Size || !latest.RootHash.AsSpan().SequenceEqual(checkpoint.RootHash)
                || !string.Equals(note.Text, checkpointText, StringComparison.Ordinal))
            {
                throw new FederationException(ErrorCode.FailedPrecondition,
                    $"Only the latest checkpoint (size {latest.Size}) takes cosignatures; fetch it again.", "checkpoint");
            }

            // One cosignature per witness (by name, whatever key it signs with now) and checkpoint: calling again, even
            // with a new certificate, stores nothing, and a note never grows past what a verifier reads.
            if (note.Signatures.Any(s => string.Equals(s.KeyName, cosignature.KeyName, StringComparison.Ordinal)))
            {
                return null;
            }

            if (note.Signatures.Count >= SignedNote.MaxSignatures)
            {
                throw new FederationException(ErrorCode.ResourceExhausted, $"The checkpoint carries {note.Signatures.Count} signatures, as many as a note may.", "cosignature");
            }

            return latest with { Note = new SignedNote(note.Text, [.. note.Signatures, cosignature]).Format() };
        }, cancellationToken);
        return new CosignResponse { Cosignatures = CountCosignatures(SignedNote.Parse(kept!.Note)) };
    }

    private int CountCosignatures(SignedNote note) => note.Signatures.Count(s => !string.Equals(s.KeyName, Origin, StringComparison.Ordinal));

    private static ITransparencyLog Log(AsyncServiceScope scope) => scope.ServiceProvider.GetRequiredService<ITransparencyLog>();

    private async Task<StoredCheckpoint> LatestAsync(AsyncServiceScope scope, CancellationToken cancellationToken) =>
        await scope.ServiceProvider.GetRequiredService<ICheckpointStore>().LatestAsync(OwnLog, cancellationToken)
        ?? throw new FederationException(ErrorCode.FailedPrecondition, "This node has signed no checkpoint of its log yet; ask again later.");
}
