using System.Security.Cryptography;
using Federation.Core.Audit;
using Federation.Core.Events;
using Federation.Core.Identity;
using Federation.Transparency;
using Microsoft.Extensions.Logging;

namespace Federation.Core.Transparency;

/// <summary>
/// Signs a checkpoint of the log's head, but never one that contradicts a checkpoint the log signed before: the
/// head must extend the last one (an RFC 9162 consistency proof from the store's tree), and the leaves appended
/// since must hash to the head's root. Otherwise it refuses, and says so loudly: an audit entry, an event for
/// operators, an error in the node's log. Both stay: the last checkpoint in the store, the refused head in the
/// audit entry.
/// </summary>
public sealed partial class CheckpointSigner(
    ITransparencyLog log, ICheckpointStore checkpoints, IAuditLog audit, IEventSink events, ILogKeys keys, LocalNode node,
    CheckpointAlarm alarm, TimeProvider timeProvider, ILogger<CheckpointSigner> logger)
{
    private const int Page = 5_000;

    /// <param name="force">Sign even when the log has not grown since the last checkpoint (a node's start).</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    public async Task<CheckpointOutcome> SignAsync(bool force, CancellationToken cancellationToken)
    {
        var head = await log.HeadAsync(cancellationToken);
        var last = await checkpoints.LatestAsync(node.Jurisdiction.Value, cancellationToken);
        if (last is not null && head.Size == last.Size && CryptographicOperations.FixedTimeEquals(head.RootHash, last.RootHash) && !force)
        {
            return new CheckpointOutcome(CheckpointOutcomeKind.Unchanged, last);
        }

        if (await ContradictionAsync(last, head, cancellationToken) is { } problem)
        {
            await RefuseAsync(last!, head, problem, cancellationToken);
            return new CheckpointOutcome(CheckpointOutcomeKind.Refused, last, problem);
        }

        var checkpoint = new Checkpoint(AuditLogName.Of(node.Jurisdiction), head.Size, head.RootHash, timeProvider.GetUtcNow());
        var note = keys.Current.Sign(checkpoint).Format();
        var stored = new StoredCheckpoint(node.Jurisdiction.Value, head.Size, head.RootHash, checkpoint.Time, note);
        await checkpoints.AddAsync(stored, cancellationToken);
        return new CheckpointOutcome(CheckpointOutcomeKind.Signed, stored);
    }

    private async Task<string?> ContradictionAsync(StoredCheckpoint? last, LogHead head, CancellationToken cancellationToken)
    {
        if (last is null || last.Size == 0)
        {
            return null;
        }

        if (head.Size < last.Size)
        {
            return $"the log has {head.Size} leaves, fewer than the {last.Size} of its last checkpoint";
        }

        if (head.Size == last.Size)
        {
            return CryptographicOperations.FixedTimeEquals(head.RootHash, last.RootHash)
                ? null
                : $"the log's root at size {head.Size} is not the root its last checkpoint of that size signed";
        }

        var proof = await log.ConsistencyProofAsync(last.Size, head.Size, cancellationToken);
        if (!MerkleVerifier.VerifyConsistency(last.Size, head.Size, proof, last.RootHash, head.RootHash))
        {
            return $"the tree of {head.Size} leaves does not extend the last checkpoint (size {last.Size})";
        }

        // The store's tree extends the checkpoint; the leaves appended since must be what that tree says.
        var edge = LeftEdge.FromInclusionPath(last.Size, head.Size, await log.InclusionProofAsync(last.Size, head.Size, cancellationToken));
        var frontier = LeftEdge.Frontier(last.Size, edge);
        for (var at = last.Size; at < head.Size;)
        {
            var page = await log.LeavesAsync(at, (int)Math.Min(Page, head.Size - at), cancellationToken);
            if (page.Count == 0)
            {
                return $"leaf {at} is missing";
            }

            foreach (var leaf in page)
            {
                frontier.Append(leaf.Hash());
            }

            at += page.Count;
        }

        return CryptographicOperations.FixedTimeEquals(frontier.Root(), head.RootHash)
            ? null
            : $"leaves [{last.Size}, {head.Size}) do not hash to the tree's root: a leaf was changed after it was appended";
    }

    private async Task RefuseAsync(StoredCheckpoint last, LogHead head, string problem, CancellationToken cancellationToken)
    {
        if (!alarm.FirstTime(last.Size, last.RootHash))
        {
            LogStillRefused(logger, problem, last.Size, head.Size);
            return;
        }

        var detail = $"not signed: {problem}; last checkpoint size {last.Size} root {Convert.ToHexStringLower(last.RootHash)}, "
                     + $"head size {head.Size} root {Convert.ToHexStringLower(head.RootHash)}";
        LogRefused(logger, problem, last.Size, head.Size);
        await audit.AppendNowAsync(AuditEntry.Create(timeProvider, AuditKinds.CheckpointRefused, "system", AuditLogName.Of(node.Jurisdiction), "refused", detail), cancellationToken);
        events.Publish(new FederationEvent(EventKinds.AuditLogInconsistent, null, timeProvider.GetUtcNow(), detail));
    }

    [LoggerMessage(EventId = 8001, Level = LogLevel.Error,
        Message = "The audit log contradicts its last checkpoint; no checkpoint is signed until an operator looks: {Problem} (last checkpoint size {LastSize}, head size {HeadSize})")]
    private static partial void LogRefused(ILogger logger, string problem, long lastSize, long headSize);

    [LoggerMessage(EventId = 8002, Level = LogLevel.Warning,
        Message = "Checkpoint still refused (alerted already): {Problem} (last checkpoint size {LastSize}, head size {HeadSize})")]
    private static partial void LogStillRefused(ILogger logger, string problem, long lastSize, long headSize);
}
