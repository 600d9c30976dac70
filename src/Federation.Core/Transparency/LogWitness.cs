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

    public async Task<WitnessVerdict> ObserveAsync(JurisdictionCode partner, NoteKey partnerKey, string signedNote, IPartnerLog source, CancellationToken cancellationToken)
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

        var last = await checkpoints.LatestAsync(log, cancellationToken);
        var verdict = await CompareAsync(partner, log, head, signedNote, last, source, cancellationToken);
        if (verdict.MayCosign && last is not null && SignerKeyId(last.Note, log) is { } before && before != partnerKey.KeyId)
        {
            // The partner signs with a new key: its certificate passed the jurisdiction's anchor (the caller checked it
            // as it checks the partner's peer certificate), so the change is taken, and kept on record. The new note is
            // kept even for an unchanged head, so that the key seen last is the new one and this is said once.
            if (verdict.Outcome == WitnessOutcome.Unchanged && head.Size == last.Size && head.Time > last.At)
            {
                await KeepAsync(log, head, signedNote, cancellationToken);
            }

            await audit.AppendNowAsync(AuditEntry.Create(timeProvider, AuditKinds.WitnessPartnerKeyChanged, $"peer:{partner}", log, "ok",
                string.Create(CultureInfo.InvariantCulture, $"{log} now signs with key {partnerKey.KeyId:x8} (was {before:x8}), from size {head.Size}")), cancellationToken);
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

    private async Task<WitnessVerdict> CompareAsync(
        JurisdictionCode partner, string log, Checkpoint head, string signedNote, StoredCheckpoint? last, IPartnerLog source, CancellationToken cancellationToken)
    {
        if (last is null)
        {
            await KeepAsync(log, head, signedNote, cancellationToken);
            return new WitnessVerdict(WitnessOutcome.First, head, "first checkpoint seen");
        }

        if (head.Size == last.Size)
        {
            if (!head.RootHash.AsSpan().SequenceEqual(last.RootHash))
            {
                return await ForkAsync(partner, log, last, head, signedNote, "two checkpoints of the same size with different roots", cancellationToken);
            }

            refusals.Proved(log);
            return new WitnessVerdict(WitnessOutcome.Unchanged, head, "same head");
        }

        if (head.Size < last.Size && head.Time > last.At)
        {
            // An append-only log never signs fewer leaves after more: the two signed notes are the evidence on their own.
            return await ForkAsync(partner, log, last, head, signedNote, string.Create(CultureInfo.InvariantCulture,
                $"a checkpoint signed later ({head.Time:yyyy-MM-dd'T'HH:mm:ss'Z'}) than the one kept ({last.At:yyyy-MM-dd'T'HH:mm:ss'Z'}) has fewer leaves: the log was rolled back"),
                cancellationToken);
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
            return await RefusedAsync(partner, log, last, head, signedNote, older.Size, newer.Size, ex.Message, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // No proof is no verdict: asked again at the next exchange, and nothing is cosigned meanwhile.
            return new WitnessVerdict(WitnessOutcome.Invalid, head, $"no consistency proof from {older.Size} to {newer.Size}: {BoundedText.Of(ex.Message, 200)}");
        }

        if (!MerkleVerifier.VerifyConsistency(older.Size, newer.Size, proof, older.RootHash, newer.RootHash))
        {
            return await ForkAsync(partner, log, last, head, signedNote, $"the consistency proof from size {older.Size} to {newer.Size} fails", cancellationToken);
        }

        refusals.Proved(log);
        if (head.Size < last.Size)
        {
            return new WitnessVerdict(WitnessOutcome.Unchanged, head, "an older head, consistent with the last one seen");
        }

        await KeepAsync(log, head, signedNote, cancellationToken);
        return new WitnessVerdict(WitnessOutcome.Grown, head, string.Create(CultureInfo.InvariantCulture, $"grew from {last.Size} to {head.Size}"));
    }

    /// <summary>A refusal is audited each time; after <see cref="ConsistencyRefusals.ForkAfter"/> in a row it is a fork.</summary>
    private async Task<WitnessVerdict> RefusedAsync(
        JurisdictionCode partner, string log, StoredCheckpoint last, Checkpoint head, string signedNote, long from, long to, string why, CancellationToken cancellationToken)
    {
        var inARow = refusals.Refused(log);
        var reason = string.Create(CultureInfo.InvariantCulture, $"refused {inARow} time(s) in a row to prove size {from} consistent with size {to}: {BoundedText.Of(why, 200)}");
        if (inARow >= ConsistencyRefusals.ForkAfter)
        {
            refusals.Proved(log);
            return await ForkAsync(partner, log, last, head, signedNote, reason, cancellationToken);
        }

        await audit.AppendNowAsync(AuditEntry.Create(timeProvider, AuditKinds.WitnessProofRefused, $"peer:{partner}", log, "refused", reason), cancellationToken);
        return new WitnessVerdict(WitnessOutcome.Invalid, head, reason);
    }

    private Task KeepAsync(string log, Checkpoint head, string note, CancellationToken cancellationToken) =>
        checkpoints.AddAsync(new StoredCheckpoint(log, head.Size, head.RootHash, head.Time, note), cancellationToken);

    private async Task<WitnessVerdict> ForkAsync(JurisdictionCode partner, string log, StoredCheckpoint last, Checkpoint head, string note, string reason, CancellationToken cancellationToken)
    {
        var detail = string.Create(CultureInfo.InvariantCulture,
            $"{reason}; kept: size {last.Size} root {Convert.ToBase64String(last.RootHash)} and size {head.Size} root {Convert.ToBase64String(head.RootHash)}");
        // The evidence and its audit entry commit together: a fork is never recorded without its entry, nor audited without its evidence.
        forks.Add(new LogFork(partner.Value, log, reason, last, new StoredCheckpoint(log, head.Size, head.RootHash, head.Time, note), timeProvider.GetUtcNow()));
        audit.Append(AuditEntry.Create(timeProvider, AuditKinds.WitnessForkDetected, $"peer:{partner}", log, "fork", detail));
        try
        {
            await unitOfWork.SaveChangesAsync(cancellationToken);
        }
        catch (FederationException ex) when (ex.Code == ErrorCode.AlreadyExists)
        {
            // Another witness on this store (a replica) recorded the fork first, with its audit entry and alert; the
            // store keeps one open fork per log. This unit of work is discarded with its scope.
            return new WitnessVerdict(WitnessOutcome.Fork, head, $"{reason} (recorded already)");
        }

        events.Publish(new FederationEvent(EventKinds.LogForked, null, timeProvider.GetUtcNow(), $"{log}: {detail}"));
        LogForkFound(logger, log, detail);
        return new WitnessVerdict(WitnessOutcome.Fork, head, reason);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "FORK in the transparency log {Log}: {Detail}. Both signed checkpoints are kept as evidence; nothing more of this log is cosigned until an operator clears the fork (fedctl audit forks).")]
    private static partial void LogForkFound(ILogger logger, string log, string detail);
}
