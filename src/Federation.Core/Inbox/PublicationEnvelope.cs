using Federation.Core.Identity;
using Federation.Core.Publication;

namespace Federation.Core.Inbox;

/// <summary>The origin published one of its cases.</summary>
public sealed record PublicationEnvelope(EnvelopeHeader Header, PublicationSignal Publication) : VerifiedEnvelope(Header)
{
    public override FederationCaseId? CaseId => Publication.CaseId;

    internal override string Regarding => $"case={Publication.CaseId}";
}
