using Federation.Core.Embargoes;
using Federation.Core.Identity;

namespace Federation.Core.Inbox;

/// <summary>
/// A case's origin passing on another participant's signal. <see cref="Evidence"/> is the inner
/// envelope, signed by the signal's own sender (the host checked that signature too).
/// </summary>
public sealed record EmbargoRelayEnvelope(EnvelopeHeader Header, EmbargoSignal Signal, EmbargoContext? Context, byte[] Evidence) : VerifiedEnvelope(Header)
{
    public override FederationCaseId? CaseId => Signal.CaseId;

    internal override string Regarding => $"case={Signal.CaseId}";
}
