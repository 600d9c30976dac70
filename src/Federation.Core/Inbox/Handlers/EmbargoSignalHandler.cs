using Federation.Core.Embargoes;
using Federation.Core.Events;

namespace Federation.Core.Inbox.Handlers;

/// <summary>
/// Embargo signals, whether delivered by their sender or relayed by the case's origin: the embargo
/// service decides whether the signal may count (who may speak about which case) and records it.
/// </summary>
public sealed class EmbargoSignalHandler(EmbargoService embargoes) : IEnvelopeHandler<EmbargoSignalEnvelope>, IEnvelopeHandler<EmbargoRelayEnvelope>
{
    public Task<HandlerResult> HandleAsync(EmbargoSignalEnvelope envelope, InboxBatch batch, CancellationToken cancellationToken) =>
        HandleAsync(envelope.Signal, envelope.Context, envelope, relayed: false, envelope.Evidence, batch, cancellationToken);

    public Task<HandlerResult> HandleAsync(EmbargoRelayEnvelope envelope, InboxBatch batch, CancellationToken cancellationToken) =>
        HandleAsync(envelope.Signal, envelope.Context, envelope, relayed: true, envelope.Evidence, batch, cancellationToken);

    private async Task<HandlerResult> HandleAsync(
        EmbargoSignal signal, EmbargoContext? context, VerifiedEnvelope envelope, bool relayed, byte[] evidence, InboxBatch batch, CancellationToken cancellationToken)
    {
        var result = await embargoes.AcceptAsync(signal, context, envelope.Origin, relayed, evidence, cancellationToken);
        return result is Accepted accepted
            ? accepted with
            {
                Event = new FederationEvent(EventKinds.EmbargoPrefix + signal.Kind.ToString().ToLowerInvariant(), signal.CaseId.ToString(), batch.Now,
                    $"signal {signal.Id} from {signal.From}{(signal.Date is { } d ? $", date {EmbargoMachine.Instant(d)}" : "")}"),
            }
            : result;
    }
}
