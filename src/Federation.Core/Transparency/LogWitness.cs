using System.Globalization;
using Federation.Core.Abstractions;
using Federation.Core.Audit;
using Federation.Core.Events;
using Federation.Core.Identity;
using Federation.Transparency;
using Microsoft.Extensions.Logging;

namespace Federation.Core.Transparency;

/// <summary>
/// A node as witness of its partners' logs: each new signed checkpoint of a partner is checked against the last one
/// it kept, with a consistency proof the partner must give. A proof that fails, or two heads of one size with
/// different roots, is a fork: operators are alerted (event, audit, error log), both signed checkpoints are kept as
/// evidence (a <see cref="LogFork"/>), and the witness cosigns nothing more of that log until an operator clears it
/// (<see cref="ForkEvidence"/>). So is a head signed later than the one kept but smaller (a log rolled back), and a
/// partner that keeps refusing the proof (<see cref="ConsistencyRefusals"/>).
/// </summary>
public sealed partial class LogWitness(
    ICheckpointStore checkpoints, ILogForkStore forks, ConsistencyRefusals refusals, IUnitOfWork unitOfWork, IAuditLog audit, IEventSink events,
    TimeProvider timeProvider, ILogger<LogWitness> logger)
{
    /// <summary>
    /// The longest partner note kept: a checkpoint with 64 witness cosignatures is under 8,000 characters. A note is
    /// kept as received (as evidence), so a longer one would let a partner fill the store and make the fork list too
    /// large to send.
    /// </summary>
    public const int MaxPartnerNoteLength = 8192;

    public async Task<bool> IsForkedAsync(string log, CancellationToken cancellationToken) =>
        (await forks.OpenAsync(log, cancellationToken)).Count > 0;

    /// <summary>
    /// Checks <paramref name="signedNote"/>, a partner's latest checkpoint, against the last one kept. <paramref name="partnerKey"/>
    /// is the key of <paramref name="partnerCertificate"/> (DER), which the caller checked under the partner's anchor: the
    /// certificate is kept with the note when the note is kept, and with a fork's evidence.
    /// </summary>
    public async Task<WitnessVerdict> ObserveAsync(
        JurisdictionCode partner, NoteKey partnerKey, byte[] partnerCertificate, string signedNote, IPartnerLog source, CancellationToken cancellationToken)
    {
        var log = AuditLogName.Of(partner);
        Checkpoint head;
        try
        {
            if (!string.Equals(partnerKey.Name, log, StringComparison.Ordinal))
            {
                throw new FormatException($"{partner}'s log is named {log}, not {partnerKey.Name}.");
            }

            if (signedNote.Length > MaxPartnerNoteLength)
            {
                throw new FormatException(string.Create(CultureInfo.InvariantCulture,
                    $"The checkpoint note is {signedNote.Length} characters long; a partner's is kept only up to {MaxPartnerNoteLength}."));
            }

            if (partnerCertificate.Length > SignerCertificate.MaxBytes)
            {
                throw new FormatException(string.Create(CultureInfo.InvariantCulture,
                    $"The log certificate is {partnerCertificate.Length} bytes long; a partner's is kept only up to {SignerCertificate.MaxBytes}."));
            }

            head = CheckpointVerifier.Open(signedNote, partnerKey);
        }
        catch (FormatException ex)
        {
            await audit.AppendNowAsync(AuditEntry.Create(timeProvider, AuditKinds.WitnessCheckpointRefused, $"peer:{partner}", log, "refused", ex.Message), cancellationToken);
            return new WitnessVerdict(WitnessOutcome.Invalid, null, ex.Message);
        }

        if (await IsForkedAsync(log, cancellationToken))
        {
            return new WitnessVerdict(WitnessOutcome.Fork, head, $"{log} forked before; an operator must look at the evidence and clear it first (fedctl audit forks).");
        }

        var observed = new Observed(partner, log, head, signedNote, new SignerCertificate(partnerKey.KeyId, partnerCertificate));
        var last = await checkpoints.LatestAsync(log, cancellationToken);
        var (verdict, kept) = await CompareAsync(observed, last, source, cancellationToken);
        if (verdict.MayCosign && last is not null && SignerKeyId(last.Note, log) is { } before && before != partnerKey.KeyId)
        {
            // The partner signs with a new key: its certificate passed the jurisdiction's anchor (the caller checked it
            // as it checks the partner's peer certificate), so the change is taken, and kept on record. The new note is
            // kept even for an unchanged head, so that the key seen last is the new one and this is said once.
            if (!kept && verdict.Outcome == WitnessOutcome.Unchanged && head.Size == last.Size && head.Time > last.At)
            {
                await KeepAsync(observed, cancellationToken);
                kept = true;
            }

            // Only a kept note changes the key seen last. An older note under the earlier key (a partner replica behind,
            // a stale cache) is consistent and not kept: it is no change of key, and saying so at every pass would be noise.
            if (kept)
            {
                await audit.AppendNowAsync(AuditEntry.Create(timeProvider, AuditKinds.WitnessPartnerKeyChanged, $"peer:{partner}", log, "ok",
                    string.Create(CultureInfo.InvariantCulture, $"{log} now signs with key {partnerKey.KeyId:x8} (was {before:x8}), from size {head.Size}")), cancellationToken);
            }
        }

        return verdict;
    }

    private static uint? SignerKeyId(string note, string log)
    {
        try
        {
            return SignedNote.Parse(note).Signatures.FirstOrDefault(s => string.Equals(s.KeyName, log, StringComparison.Ordinal))?.KeyId;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <returns>The verdict, and whether the observed note was kept as the log's latest.</returns>
    private async Task<(WitnessVerdict Verdict, bool Kept)> CompareAsync(Observed observed, StoredCheckpoint? last, IPartnerLog source, CancellationToken cancellationToken)
    {
        var (log, head) = (observed.Log, observed.Head);
        if (last is null)
        {
            await KeepAsync(observed, cancellationToken);
            return (new WitnessVerdict(WitnessOutcome.First, head, "first checkpoint seen"), true);
        }

        if (head.Size == last.Size)
        {
            if (!head.RootHash.AsSpan().SequenceEqual(last.RootHash))
            {
                return (await ForkAsync(observed, last, "two checkpoints of the same size with different roots", null, cancellationToken), false);
            }

            await refusals.ProvedAsync(log, cancellationToken);
            return (new WitnessVerdict(WitnessOutcome.Unchanged, head, "same head"), false);
        }

        if (head.Size < last.Size && head.Time > last.At)
        {
            // An append-only log never signs fewer leaves after more: the two signed notes are the evidence on their own.
            return (await ForkAsync(observed, last, string.Create(CultureInfo.InvariantCulture,
                $"a checkpoint signed later ({head.Time:yyyy-MM-dd'T'HH:mm:ss'Z'}) than the one kept ({last.At:yyyy-MM-dd'T'HH:mm:ss'Z'}) has fewer leaves: the log was rolled back"),
                null, cancellationToken), false);
        }

        (long Size, byte[] RootHash) older = head.Size < last.Size ? (head.Size, head.RootHash) : (last.Size, last.RootHash);
        (long Size, byte[] RootHash) newer = head.Size < last.Size ? (last.Size, last.RootHash) : (head.Size, head.RootHash);
        IReadOnlyList<byte[]> proof;
        try
        {
            proof = await source.ConsistencyProofAsync(older.Size, newer.Size, cancellationToken);
        }
        catch (ProofRefusedException ex)
        {
            return (await RefusedAsync(observed, last, older.Size, newer.Size, ex.Message, cancellationToken), false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // No proof is no verdict: asked again at the next exchange, and nothing is cosigned meanwhile.
            return (new WitnessVerdict(WitnessOutcome.Invalid, head, $"no consistency proof from {older.Size} to {newer.Size}: {BoundedText.Of(ex.Message, 200)}"), false);
        }

        if (!MerkleVerifier.VerifyConsistency(older.Size, newer.Size, proof, older.RootHash, newer.RootHash))
        {
            // The proof is evidence too (anyone can recompute that it fails), kept as it came when it has a proof's shape.
            var failed = FailedConsistencyProof.Keepable(older.Size, newer.Size, proof);
            var reason = string.Create(CultureInfo.InvariantCulture, $"the consistency proof from size {older.Size} to {newer.Size} fails")
                + (failed is null ? string.Create(CultureInfo.InvariantCulture,
                    $" (its {proof.Count} hash(es) are not a proof's shape: at most {FailedConsistencyProof.MaxHashes} of {MerkleHash.Size} bytes each; not kept)") : string.Empty);
            return (await ForkAsync(observed, last, reason, failed, cancellationToken), false);
        }

        await refusals.ProvedAsync(log, cancellationToken);
        if (head.Size < last.Size)
        {
            return (new WitnessVerdict(WitnessOutcome.Unchanged, head, "an older head, consistent with the last one seen"), false);
        }

        await KeepAsync(observed, cancellationToken);
        return (new WitnessVerdict(WitnessOutcome.Grown, head, string.Create(CultureInfo.InvariantCulture, $"grew from {last.Size} to {head.Size}")), true);
    }

    /// <summary>A refusal is audited each time; after <see cref="ConsistencyRefusals.ForkAfter"/> in a row it is a fork.</summary>
    private async Task<WitnessVerdict> RefusedAsync(Observed observed, StoredCheckpoint last, long from, long to, string why, CancellationToken cancellationToken)
    {
        var inARow = await refusals.RefusedAsync(observed.Log, cancellationToken);
        var reason = string.Create(CultureInfo.InvariantCulture, $"refused {inARow} time(s) in a row to prove size {from} consistent with size {to}: {BoundedText.Of(why, 200)}");
        if (inARow >= ConsistencyRefusals.ForkAfter)
        {
            var verdict = await ForkAsync(observed, last, reason, null, cancellationToken);
            await refusals.ProvedAsync(observed.Log, cancellationToken);
            return verdict;
        }

        await audit.AppendNowAsync(AuditEntry.Create(timeProvider, AuditKinds.WitnessProofRefused, $"peer:{observed.Partner}", observed.Log, "refused", reason), cancellationToken);
        return new WitnessVerdict(WitnessOutcome.Invalid, observed.Head, reason);
    }

    private Task KeepAsync(Observed observed, CancellationToken cancellationToken) =>
        checkpoints.AddAsync(observed.ToStored(), observed.Signer, cancellationToken);

    private async Task<WitnessVerdict> ForkAsync(Observed observed, StoredCheckpoint last, string reason, FailedConsistencyProof? proof, CancellationToken cancellationToken)
    {
        var (partner, log, head) = (observed.Partner, observed.Log, observed.Head);
        var detail = string.Create(CultureInfo.InvariantCulture,
            $"{reason}; kept: size {last.Size} root {Convert.ToBase64String(last.RootHash)} and size {head.Size} root {Convert.ToBase64String(head.RootHash)}");
        var knownCertificate = await KnownCertificateAsync(log, last, observed.Signer, cancellationToken);
        // The evidence and its audit entry commit together: a fork is never recorded without its entry, nor audited without its evidence.
        forks.Add(new LogFork(partner.Value, log, reason, last, observed.ToStored(), timeProvider.GetUtcNow(), knownCertificate, observed.Signer.Der, proof));
        audit.Append(AuditEntry.Create(timeProvider, AuditKinds.WitnessForkDetected, $"peer:{partner}", log, "fork", detail));
        try
        {
            await unitOfWork.SaveChangesAsync(cancellationToken);
        }
        catch (ForkRecordedAlreadyException)
        {
            // Another witness on this store (a replica) recorded the fork first, with its audit entry and alert; the
            // store keeps one open fork per log. This unit of work is discarded with its scope.
            return new WitnessVerdict(WitnessOutcome.Fork, head, $"{reason} (recorded already)");
        }

        events.Publish(new FederationEvent(EventKinds.LogForked, null, timeProvider.GetUtcNow(), $"{log}: {detail}"));
        LogForkFound(logger, log, detail);
        return new WitnessVerdict(WitnessOutcome.Fork, head, reason);
    }

    /// <summary>
    /// The certificate whose key verified the checkpoint kept before: the one kept with it (found by its key, whichever
    /// key the partner signs with now), or the one just presented when the same key signed both. Null for a checkpoint
    /// kept before certificates were, under a key no longer presented.
    /// </summary>
    private async Task<byte[]?> KnownCertificateAsync(string log, StoredCheckpoint last, SignerCertificate current, CancellationToken cancellationToken)
    {
        if (SignerKeyId(last.Note, log) is not { } keyId)
        {
            return null;
        }

        var candidates = await checkpoints.SignerCertificatesAsync(log, keyId, cancellationToken);
        return SignerCertificate.Verifying(keyId == current.KeyId ? [.. candidates, current.Der] : candidates, log, last.Note);
    }

    /// <summary>A partner's note as observed: verified with the key of <see cref="Signer"/>.</summary>
    private sealed record Observed(JurisdictionCode Partner, string Log, Checkpoint Head, string Note, SignerCertificate Signer)
    {
        public StoredCheckpoint ToStored() => new(Log, Head.Size, Head.RootHash, Head.Time, Note);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "FORK in the transparency log {Log}: {Detail}. Both signed checkpoints are kept as evidence; nothing more of this log is cosigned until an operator clears the fork (fedctl audit forks).")]
    private static partial void LogForkFound(ILogger logger, string log, string detail);
}
