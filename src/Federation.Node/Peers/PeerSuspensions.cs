using System.Collections.Concurrent;
using Federation.Core;
using Federation.Core.Abstractions;
using Federation.Core.Audit;
using Federation.Core.Identity;
using Federation.Core.Peers;
using Federation.Node.Outbox;

namespace Federation.Node.Peers;

/// <summary>
/// Which partners an operator has suspended. Read on every peer call and every outbox round, so it is kept in memory;
/// every change is written to the store with its audit entry in one transaction first, and loaded again at startup.
/// </summary>
public sealed partial class PeerSuspensions(
    PeerDirectory directory, IServiceScopeFactory scopes, DeliverySignal signal, TimeProvider timeProvider, ILogger<PeerSuspensions> logger)
{
    private readonly ConcurrentDictionary<string, PeerSuspension> _suspended = new(StringComparer.Ordinal);

    /// <summary>The partners whose messages are held, for the outbox query.</summary>
    public IReadOnlyCollection<string> Held => [.. _suspended.Keys];

    public bool IsSuspended(JurisdictionCode partner) => _suspended.ContainsKey(partner.Value);

    public PeerSuspension? Of(JurisdictionCode partner) => _suspended.GetValueOrDefault(partner.Value);

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        foreach (var suspension in await scope.ServiceProvider.GetRequiredService<IPeerSuspensionStore>().ListAsync(cancellationToken))
        {
            _suspended[suspension.Jurisdiction] = suspension;
            LogStillSuspended(logger, suspension.Jurisdiction, suspension.SuspendedBy, suspension.SuspendedAt, suspension.Reason);
        }
    }

    public async Task<PeerSuspension> SuspendAsync(JurisdictionCode partner, string? reason, string actor, CancellationToken cancellationToken)
    {
        RequirePartner(partner);
        var checkedReason = PeerSuspension.CheckReason(reason);
        await using var scope = scopes.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<IPeerSuspensionStore>();
        if (await store.FindAsync(partner.Value, cancellationToken) is { } existing)
        {
            throw new FederationException(ErrorCode.FailedPrecondition,
                $"{partner} is suspended already (by {existing.SuspendedBy} at {existing.SuspendedAt:u}: {existing.Reason}); resume it first to change the reason.", "partner");
        }

        var suspension = new PeerSuspension(partner.Value, checkedReason, actor, timeProvider.GetUtcNow());
        store.Add(suspension);
        scope.ServiceProvider.GetRequiredService<IAuditLog>().Append(AuditEntry.Create(timeProvider, AuditKinds.PeerSuspended, actor, partner.Value, "suspended",
            $"reason={checkedReason}"));
        await scope.ServiceProvider.GetRequiredService<IUnitOfWork>().SaveChangesAsync(cancellationToken);
        _suspended[partner.Value] = suspension;
        LogSuspended(logger, partner.Value, actor, checkedReason);
        return suspension;
    }

    public async Task ResumeAsync(JurisdictionCode partner, string actor, CancellationToken cancellationToken)
    {
        RequirePartner(partner);
        await using var scope = scopes.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<IPeerSuspensionStore>();
        var existing = await store.FindAsync(partner.Value, cancellationToken)
            ?? throw new FederationException(ErrorCode.FailedPrecondition, $"{partner} is not suspended.", "partner");
        store.Remove(existing);
        scope.ServiceProvider.GetRequiredService<IAuditLog>().Append(AuditEntry.Create(timeProvider, AuditKinds.PeerResumed, actor, partner.Value, "resumed",
            $"suspended by {existing.SuspendedBy} at {existing.SuspendedAt:u} for: {existing.Reason}"));
        await scope.ServiceProvider.GetRequiredService<IUnitOfWork>().SaveChangesAsync(cancellationToken);
        _suspended.TryRemove(partner.Value, out _);
        LogResumed(logger, partner.Value, actor);
        // What was held goes out now, not at the next poll.
        signal.Notify();
    }

    private void RequirePartner(JurisdictionCode partner)
    {
        if (!directory.Partners.Contains(partner))
        {
            throw new FederationException(ErrorCode.NotFound, $"{partner} is not a configured partner (no trust anchor is pinned for it).", "partner");
        }
    }

    [LoggerMessage(EventId = 2010, Level = LogLevel.Warning, Message = "Partner {Partner} suspended by {Actor}: {Reason}")]
    private static partial void LogSuspended(ILogger logger, string partner, string actor, string reason);

    [LoggerMessage(EventId = 2011, Level = LogLevel.Warning, Message = "Partner {Partner} resumed by {Actor}")]
    private static partial void LogResumed(ILogger logger, string partner, string actor);

    [LoggerMessage(EventId = 2012, Level = LogLevel.Warning, Message = "Partner {Partner} is suspended (by {Actor} at {At:u}): {Reason}; its calls are refused and messages to it held")]
    private static partial void LogStillSuspended(ILogger logger, string partner, string actor, DateTimeOffset at, string reason);
}
