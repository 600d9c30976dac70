using Federation.Core.Identity;

namespace Federation.Node.Security;

/// <summary>A revocation list loaded, refused or gone stale, or this node's certificate rotated or refused: audited by <see cref="TrustFilesReloader"/>.</summary>
public sealed record TrustChange(JurisdictionCode Subject, string Kind, string Detail);
