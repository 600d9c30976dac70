using Federation.Core.Identity;

namespace Federation.Core.Inbox;

/// <summary>The origin takes back what it shared of a case.</summary>
public sealed record WithdrawalEnvelope(EnvelopeHeader Header, Withdrawal Withdrawal) : VerifiedEnvelope(Header)
{
    public override FederationCaseId? CaseId => Withdrawal.CaseId;

    internal override string Regarding => $"case={Withdrawal.CaseId}";
}
