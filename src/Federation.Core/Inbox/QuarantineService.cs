using Federation.Core.Abstractions;
using Federation.Core.Audit;

namespace Federation.Core.Inbox;

/// <summary>The operator's side of the quarantine: list and drop (a retry runs through the inbox writer, see the host).</summary>
public sealed class QuarantineService(IQuarantine quarantine, IAuditLog audit, IUnitOfWork unitOfWork, TimeProvider timeProvider, IErasureSignal? erasure = null)
{
    public Task<Page<QuarantinedEnvelope>> ListAsync(PageRequest page, CancellationToken cancellationToken) => quarantine.ListAsync(page, cancellationToken);

    public async Task<QuarantinedEnvelope> GetAsync(string messageId, CancellationToken cancellationToken) =>
        await quarantine.FindAsync(messageId, cancellationToken)
        ?? throw new FederationException(ErrorCode.NotFound, $"No envelope {BoundedText.Of(messageId, 80)} is in the quarantine.", "message_id");

    /// <summary>
    /// Deletes it for good. Its message id stays received, so a redelivery is answered as a duplicate and
    /// never applied; its bytes are erased from the store's files like any removed content.
    /// </summary>
    public async Task DropAsync(string messageId, string reason, string actor, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new FederationException(ErrorCode.InvalidArgument, "Say why the envelope is dropped (reason): it is kept in the audit log.", "reason");
        }

        var held = await GetAsync(messageId, cancellationToken);
        quarantine.Remove(held);
        audit.Append(AuditEntry.Create(timeProvider, AuditKinds.QuarantineDropped, actor, held.MessageId, "dropped",
            $"origin={held.Origin}; case={held.CaseId}; attempts={held.Attempts}; reason={BoundedText.Of(reason.Trim(), 512)}"));
        await unitOfWork.SaveChangesAsync(cancellationToken);
        erasure?.Notify();
    }
}
