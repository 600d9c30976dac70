using Google.Protobuf.WellKnownTypes;
using Wire = Federation.Contracts.V1;

namespace Federation.Node.Grpc.Mapping;

/// <summary>Quarantined envelopes, for the node's own operators.</summary>
public static class QuarantineMapper
{
    public static Wire.QuarantinedEnvelope ToWire(Core.Inbox.QuarantinedEnvelope e) => new()
    {
        MessageId = e.MessageId,
        Origin = e.Origin,
        Kind = DeliveryMapper.KindOf(e.Envelope),
        FederationCaseId = e.CaseId ?? string.Empty,
        Error = e.Error,
        Attempts = e.Attempts,
        QuarantinedAt = Timestamp.FromDateTimeOffset(e.QuarantinedAt),
        LastAttemptAt = Timestamp.FromDateTimeOffset(e.LastAttemptAt),
        SizeBytes = e.Envelope.Length,
    };
}
