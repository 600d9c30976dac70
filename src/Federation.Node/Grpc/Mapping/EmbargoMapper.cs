using Federation.Core;
using Federation.Core.Embargoes;
using Federation.Core.Identity;
using Google.Protobuf.WellKnownTypes;
using Wire = Federation.Contracts.V1;

namespace Federation.Node.Grpc.Mapping;

/// <summary>Embargo signals, contexts and views between the wire and the domain. Instants are UTC both sides.</summary>
public static class EmbargoMapper
{
    public static Wire.EmbargoSignal ToWire(EmbargoSignal signal, EmbargoContext? context) => new()
    {
        SignalId = signal.Id,
        FederationCaseId = signal.CaseId.ToString(),
        Kind = WireEnums.ToWire(signal.Kind),
        Date = signal.Date is { } date ? Timestamp.FromDateTimeOffset(date) : null,
        RefersTo = signal.RefersTo ?? string.Empty,
        Reason = signal.Reason ?? string.Empty,
        SentAt = Timestamp.FromDateTimeOffset(signal.SentAt),
        Context = context is null ? null : ToWire(context),
    };

    public static Wire.EmbargoContext ToWire(EmbargoContext context)
    {
        var wire = new Wire.EmbargoContext
        {
            FirstReportedAt = Timestamp.FromDateTimeOffset(context.FirstReportedAt),
            MaxEmbargoDays = context.MaxEmbargoDays ?? 0,
        };
        wire.Participants.AddRange(context.Participants.Select(p => p.Value).Order(StringComparer.Ordinal));
        return wire;
    }

    /// <summary>A signal as its sender (<paramref name="from"/>, the verified signer) sent it.</summary>
    public static EmbargoSignal ToDomain(Wire.EmbargoSignal wire, JurisdictionCode from)
    {
        if (!FederationCaseId.TryParse(wire.FederationCaseId, out var caseId))
        {
            throw new FederationException(ErrorCode.InvalidArgument, $"'{wire.FederationCaseId}' is not a federation case id.", "embargo_signal.federation_case_id");
        }

        if (!MessageId.IsValid(wire.SignalId, from) || wire.SentAt is null)
        {
            throw new FederationException(ErrorCode.InvalidArgument, $"An embargo signal needs a signal_id of {from} and sent_at.", "embargo_signal.signal_id");
        }

        return new EmbargoSignal(wire.SignalId, caseId, from, WireEnums.ToDomain(wire.Kind, "embargo_signal.kind"), Instant(wire.SentAt, "sent_at"),
            wire.Date is null ? null : Instant(wire.Date, "date"), string.IsNullOrEmpty(wire.RefersTo) ? null : wire.RefersTo, string.IsNullOrEmpty(wire.Reason) ? null : wire.Reason);
    }

    public static EmbargoContext? ToDomain(Wire.EmbargoContext? wire, FederationCaseId caseId)
    {
        if (wire is null)
        {
            return null;
        }

        var participants = new HashSet<JurisdictionCode>();
        foreach (var party in wire.Participants)
        {
            participants.Add(JurisdictionCode.TryParse(party, out var code)
                ? code
                : throw new FederationException(ErrorCode.InvalidArgument, $"'{party}' is not a jurisdiction code.", "embargo_context.participants"));
        }

        return new EmbargoContext(caseId.Origin, participants, wire.FirstReportedAt is null ? DateTimeOffset.MinValue : Instant(wire.FirstReportedAt, "first_reported_at"),
            wire.MaxEmbargoDays > 0 ? wire.MaxEmbargoDays : null);
    }

    /// <summary>A partner's timestamp, refused as malformed (not a crash) when it cannot be an instant.</summary>
    public static DateTimeOffset Instant(Timestamp value, string field) =>
        value.Seconds is >= -62135596800 and <= 253402300799 && value.Nanos is >= 0 and <= 999_999_999
            ? value.ToDateTimeOffset()
            : throw new FederationException(ErrorCode.InvalidArgument, $"{field} is not a valid timestamp.", field);

    public static Wire.EmbargoView ToWire(EmbargoContext context, EmbargoView view)
    {
        var wire = new Wire.EmbargoView
        {
            State = WireEnums.ToWire(view.State),
            AgreedEnd = view.AgreedEnd is { } agreed ? Timestamp.FromDateTimeOffset(agreed) : null,
            ProposedEnd = view.ProposedEnd is { } proposed ? Timestamp.FromDateTimeOffset(proposed) : null,
            ExitedAt = view.ExitedAt is { } exited ? Timestamp.FromDateTimeOffset(exited) : null,
            Limit = context.Limit is { } limit ? Timestamp.FromDateTimeOffset(limit) : null,
        };
        wire.Participants.AddRange(context.Participants.Select(p => p.Value).Order(StringComparer.Ordinal));
        wire.History.AddRange(view.History.Select(step => new Wire.EmbargoStep
        {
            Signal = ToWire(step.Signal, null),
            From = step.Signal.From.Value,
            Applied = step.Applied,
            Effect = step.Effect,
        }));
        return wire;
    }

    public static Wire.DeadlineInfo ToWire(string caseId, Federation.Core.Deadlines.Deadline deadline) => new()
    {
        FederationCaseId = caseId,
        Name = deadline.Name,
        DueFrom = deadline.DueFrom.Value,
        Start = Timestamp.FromDateTimeOffset(deadline.Start),
        DueAt = Timestamp.FromDateTimeOffset(deadline.DueAt),
        State = WireEnums.ToWire(deadline.State),
        MetAt = deadline.MetAt is { } met ? Timestamp.FromDateTimeOffset(met) : null,
        About = deadline.About ?? string.Empty,
    };
}
