using Federation.Core.Identity;

namespace Federation.Core.Inbox;

/// <summary>
/// What every verified envelope carries whatever its body: who sent it to whom, when, under which
/// treaty version (empty and 0 for embargo signals, which are bound to a case, not a treaty), and the
/// hash of its exact content bytes (tells a harmless redelivery from a replay with other content).
/// </summary>
public sealed record EnvelopeHeader(
    string MessageId,
    JurisdictionCode Origin,
    JurisdictionCode Recipient,
    DateTimeOffset CreatedAt,
    string TreatyId,
    int TreatyVersion,
    string ContentHash,
    bool Resealed = false)
{
    /// <summary>The signed envelope as it arrived (kept only if its handler fails: see <see cref="QuarantinedEnvelope"/>).</summary>
    public ReadOnlyMemory<byte> Sealed { get; init; }
}
