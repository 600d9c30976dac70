using Federation.Contracts.V1;
using Federation.Core.Treaties;
using Google.Protobuf.WellKnownTypes;

namespace Federation.Node.Grpc.Mapping;

public static class TreatyMapper
{
    public static IEnumerable<SharedTreaty> ToWire(IEnumerable<Treaty> treaties) =>
        treaties.Select(t => new SharedTreaty { TreatyId = t.Id, Version = t.Version, ContentHash = t.ContentHash });

    /// <summary>A version with its standing on this node: status, countersignatures held, parties awaited.</summary>
    public static TreatyInfo ToInfo(TreatyStanding standing)
    {
        var info = ToInfo(standing.Treaty, standing.InForce);
        info.Status = standing.Status;
        info.Awaiting.AddRange(standing.Awaiting.Select(p => p.Value));
        info.Signatures.AddRange(standing.Signatures
            .Select(s => new TreatySignatureInfo { Jurisdiction = s.Jurisdiction, SignedAt = Timestamp.FromDateTimeOffset(s.SignedAt), MessageId = s.MessageId }));
        info.InstalledAt = standing.InstalledAt is { } at ? Timestamp.FromDateTimeOffset(at) : null;
        return info;
    }

    public static TreatyInfo ToInfo(Treaty treaty, bool inForce)
    {
        var info = new TreatyInfo
        {
            TreatyId = treaty.Id,
            Version = treaty.Version,
            Title = treaty.Title,
            MaxTlp = WireEnums.ToWire(treaty.MaxTlp),
            EffectiveFrom = treaty.EffectiveFrom == DateTimeOffset.MinValue ? null : Timestamp.FromDateTimeOffset(treaty.EffectiveFrom),
            ReviewBy = treaty.ReviewBy is { } reviewBy ? Timestamp.FromDateTimeOffset(reviewBy) : null,
            InForce = inForce,
            ContentHash = treaty.ContentHash,
        };
        info.Parties.AddRange(treaty.Parties.Select(p => p.Value).Order(StringComparer.Ordinal));
        info.Fields.AddRange(WireEnums.ToWireFields(Federation.Core.Sharing.SummaryField.All.Select(f => f.Name).Where(treaty.AllowedFields.Contains)));
        info.Articles.AddRange(treaty.Articles);
        return info;
    }
}
