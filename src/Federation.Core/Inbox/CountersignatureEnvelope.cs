using Federation.Core.Identity;
using Federation.Core.Treaties;

namespace Federation.Core.Inbox;

/// <summary>A party's countersignature of a treaty version, kept with its signed bytes as evidence.</summary>
public sealed record CountersignatureEnvelope(EnvelopeHeader Header, Countersignature Countersignature, byte[] Evidence) : VerifiedEnvelope(Header)
{
    public override FederationCaseId? CaseId => null;

    internal override string Regarding => $"treaty={Countersignature.TreatyId} v{Countersignature.Version}";
}
