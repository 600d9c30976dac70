namespace Federation.Core.Inbox.Handlers;

/// <summary>
/// Applies one kind of body. Called by the pipeline only for an envelope addressed to this node and
/// not processed before; writes into the batch's unit of work and never saves or throws for a refusal.
/// </summary>
public interface IEnvelopeHandler<in TEnvelope>
    where TEnvelope : VerifiedEnvelope
{
    Task<HandlerResult> HandleAsync(TEnvelope envelope, InboxBatch batch, CancellationToken cancellationToken);
}
