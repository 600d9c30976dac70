using Federation.Core.Treaties;

namespace Federation.Core.Inbox.Handlers;

/// <summary>The treaty versions installed here and the countersignatures held, read once per batch that carries a countersignature.</summary>
public sealed record TreatyLedger(
    Dictionary<(string TreatyId, int Version), TreatyVersionRecord> Versions,
    Dictionary<(string TreatyId, int Version, string Jurisdiction), TreatySignature> Signatures);
