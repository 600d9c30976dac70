using Federation.Core.Delivery;
using Google.Protobuf.WellKnownTypes;
using Wire = Federation.Contracts.V1;

namespace Federation.Node.Grpc.Mapping;

/// <summary>Outbox messages and held summaries, for the node's own operators.</summary>
public static class DeliveryMapper
{
    /// <param name="m">The outbox row.</param>
    /// <param name="receipt">The receipt kept for it (<see cref="IOutbox.ReceiptsAsync"/>), if any.</param>
    public static Wire.Delivery ToWire(OutboxMessage m, string? receipt) => new()
    {
        MessageId = m.Id,
        Recipient = m.Recipient,
        FederationCaseId = m.CaseId ?? string.Empty,
        Revision = m.Revision,
        State = WireEnums.ToWire(m.State),
        Attempts = m.Attempts,
        LastError = m.LastError ?? string.Empty,
        Receipt = receipt ?? string.Empty,
        ReceiptIndex = ReceiptIndex(receipt),
        CreatedAt = Timestamp.FromDateTimeOffset(m.CreatedAt),
        DeliveredAt = m.DeliveredAt is { } at ? Timestamp.FromDateTimeOffset(at) : null,
        NextAttemptAt = m.State == DeliveryState.Pending ? Timestamp.FromDateTimeOffset(m.NextAttemptAt) : null,
        Kind = KindOf(m.Envelope),
    };

    public static Wire.ReceivedSummary ToWire(Core.Inbox.ReceivedSummary s) => new()
    {
        Origin = s.Origin,
        Summary = SummaryMapper.ToWire(s.CaseId, s.Revision, s.Tlp, s.Fields.Select(f => (f.Name, f.Value))),
        TreatyId = s.TreatyId,
        TreatyVersion = s.TreatyVersion,
        MessageId = s.MessageId,
        ReceivedAt = Timestamp.FromDateTimeOffset(s.ReceivedAt),
    };

    /// <summary>
    /// The kind of a sealed envelope, read from its own bytes: the outbox keeps only what it sends, so the
    /// kind can never disagree with what went out. Our own bytes (or a quarantined envelope's, verified once already).
    /// </summary>
    public static Wire.MessageKind KindOf(byte[] sealedEnvelope)
    {
        var envelope = Wire.SignedEnvelope.Parser.ParseFrom(sealedEnvelope);
        return Wire.EnvelopeContent.Parser.ParseFrom(envelope.Content).BodyCase switch
        {
            Wire.EnvelopeContent.BodyOneofCase.Summary => Wire.MessageKind.Summary,
            Wire.EnvelopeContent.BodyOneofCase.Withdrawal => Wire.MessageKind.Withdrawal,
            Wire.EnvelopeContent.BodyOneofCase.Countersignature => Wire.MessageKind.Countersignature,
            Wire.EnvelopeContent.BodyOneofCase.EmbargoSignal => Wire.MessageKind.EmbargoSignal,
            Wire.EnvelopeContent.BodyOneofCase.EmbargoRelay => Wire.MessageKind.EmbargoRelay,
            Wire.EnvelopeContent.BodyOneofCase.Publication => Wire.MessageKind.Publication,
            _ => Wire.MessageKind.Unspecified,
        };
    }

    /// <summary>The log index a kept receipt promises; 0 without one (kept receipts were parsed when they arrived).</summary>
    private static long ReceiptIndex(string? receipt) =>
        receipt is null ? 0 : Federation.Transparency.SignedReceipt.Parse(receipt).Receipt.Index;
}
