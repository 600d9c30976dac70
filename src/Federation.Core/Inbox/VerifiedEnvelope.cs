using Federation.Core.Identity;

namespace Federation.Core.Inbox;

/// <summary>
/// An envelope whose signature and signer the host has checked. What is left to decide is whether
/// its content may be accepted: that is the domain's part. A closed set: one sealed record per body
/// kind (<see cref="SummaryEnvelope"/>, <see cref="WithdrawalEnvelope"/>, <see cref="EmbargoSignalEnvelope"/>,
/// <see cref="EmbargoRelayEnvelope"/>, <see cref="CountersignatureEnvelope"/>,
/// <see cref="PublicationEnvelope"/>), so a handler receives
/// exactly the body it handles and nothing is optional.
/// </summary>
public abstract record VerifiedEnvelope
{
    // Only this assembly derives: the internal abstract member below cannot be overridden elsewhere,
    // which also closes the protected copy constructor every non-sealed record has.
    private protected VerifiedEnvelope(EnvelopeHeader header)
    {
        Header = header;
    }

    public EnvelopeHeader Header { get; }

    public string MessageId => Header.MessageId;
    public JurisdictionCode Origin => Header.Origin;
    public JurisdictionCode Recipient => Header.Recipient;
    public DateTimeOffset CreatedAt => Header.CreatedAt;
    public string TreatyId => Header.TreatyId;
    public int TreatyVersion => Header.TreatyVersion;
    public string ContentHash => Header.ContentHash;

    /// <summary>True for a copy its origin sealed again (same message id and body, new creation time) because it went undelivered.</summary>
    public bool Resealed => Header.Resealed;

    /// <summary>The case the envelope is about; null for a treaty countersignature.</summary>
    public abstract FederationCaseId? CaseId { get; }

    /// <summary>What a refusal's audit detail names first: <c>case=…</c> or <c>treaty=… vN</c>.</summary>
    internal abstract string Regarding { get; }
}
