using Federation.Core.Identity;

namespace Federation.Core.Transparency;

/// <summary>
/// A node's log name: the origin line of its checkpoints and the name of the key that signs them, fixed per
/// jurisdiction ("federation.audit/fr") so that partners and auditors know which log a note speaks for.
/// </summary>
public static class AuditLogName
{
    public const string Prefix = "federation.audit/";

    public static string Of(JurisdictionCode jurisdiction) => Prefix + jurisdiction.Value.ToLowerInvariant();
}
