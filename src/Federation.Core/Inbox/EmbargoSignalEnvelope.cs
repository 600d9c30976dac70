using Federation.Core.Embargoes;
using Federation.Core.Identity;

namespace Federation.Core.Inbox;

/// <summary>An embargo signal delivered by its own sender, kept with its signed bytes as evidence.</summary>
public sealed record EmbargoSignalEnvelope(EnvelopeHeader Header, EmbargoSignal Signal, EmbargoContext? Context, byte[] Evidence) : VerifiedEnvelope(Header)
{
    public override FederationCaseId? CaseId => Signal.CaseId;

    internal override string Regarding => $"case={Signal.CaseId}";
}
