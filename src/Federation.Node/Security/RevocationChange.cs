using Federation.Core.Identity;

namespace Federation.Node.Security;

/// <summary>A revocation list loaded, refused or gone stale: audited by <see cref="RevocationReloader"/>.</summary>
public sealed record RevocationChange(JurisdictionCode Partner, string Kind, string Detail);
