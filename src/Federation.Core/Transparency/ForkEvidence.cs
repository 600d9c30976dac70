using System.Globalization;
using Federation.Core.Abstractions;
using Federation.Core.Audit;
using Federation.Core.Identity;

namespace Federation.Core.Transparency;

/// <summary>
/// The operator's side of the forks the witness found in partners' logs: list the evidence, and clear a partner's
/// once someone has looked (audited with who and why), so that its log is witnessed and cosigned again from its next
/// checkpoint. The evidence is kept, marked cleared.
/// </summary>
public sealed class ForkEvidence(ILogForkStore forks, IAuditLog audit, IUnitOfWork unitOfWork, TimeProvider timeProvider)
{
    public Task<Page<LogFork>> ListAsync(PageRequest page, CancellationToken cancellationToken) => forks.ListAsync(page, cancellationToken);

    /// <summary>Whether <paramref name="partner"/>'s log has a fork no operator has cleared.</summary>
    public async Task<bool> IsOpenAsync(JurisdictionCode partner, CancellationToken cancellationToken) =>
        (await forks.OpenAsync(AuditLogName.Of(partner), cancellationToken)).Count > 0;

    /// <summary>Clears every open fork of <paramref name="partner"/>'s log (one, unless two witness passes found it at once).</summary>
    /// <exception cref="FederationException">FAILED_PRECONDITION when its log has no open fork; INVALID_ARGUMENT without a reason.</exception>
    public async Task<IReadOnlyList<LogFork>> ClearAsync(JurisdictionCode partner, string? reason, string actor, CancellationToken cancellationToken)
    {
        var checkedReason = LogFork.CheckReason(reason);
        var log = AuditLogName.Of(partner);
        var open = await forks.OpenAsync(log, cancellationToken);
        if (open.Count == 0)
        {
            throw new FederationException(ErrorCode.FailedPrecondition, $"{partner}'s log ({log}) has no fork to clear: it is witnessed as usual.", "partner");
        }

        var now = timeProvider.GetUtcNow();
        foreach (var fork in open)
        {
            await forks.ClearAsync(fork, actor, checkedReason, now, cancellationToken);
            audit.Append(AuditEntry.Create(timeProvider, AuditKinds.WitnessForkCleared, actor, log, "cleared", string.Create(CultureInfo.InvariantCulture,
                $"fork found {fork.DetectedAt:yyyy-MM-dd'T'HH:mm:ss'Z'} ({fork.Reason}; size {fork.KnownSize} and size {fork.ConflictingSize}) cleared; witnessing starts over; reason={checkedReason}")));
        }

        await unitOfWork.SaveChangesAsync(cancellationToken);
        return open;
    }
}
