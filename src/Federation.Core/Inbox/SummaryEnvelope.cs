using Federation.Core.Identity;
using Federation.Core.Sharing;

namespace Federation.Core.Inbox;

/// <summary>A partner's summary of one of its cases, under the treaty version the header names.</summary>
public sealed record SummaryEnvelope(EnvelopeHeader Header, CaseSummary Summary) : VerifiedEnvelope(Header)
{
    public override FederationCaseId? CaseId => Summary.CaseId;

    internal override string Regarding => $"case={Summary.CaseId}";
}
