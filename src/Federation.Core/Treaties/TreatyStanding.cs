using Federation.Core.Identity;

namespace Federation.Core.Treaties;

/// <summary>One installed treaty version as it stands on this node: in force or why not, who countersigned it, who is awaited.</summary>
public sealed record TreatyStanding(
    Treaty Treaty,
    bool InForce,
    string Status,
    IReadOnlyList<TreatySignature> Signatures,
    IReadOnlyList<JurisdictionCode> Awaiting,
    DateTimeOffset? InstalledAt);
