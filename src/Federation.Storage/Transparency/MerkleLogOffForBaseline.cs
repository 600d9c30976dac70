using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Federation.Storage.Transparency;

/// <summary>
/// For the share load tool's baseline only (issue 11 asks for the share/echo ratio with the log in the path and
/// without it, from the same run): registered as a service of a node, it keeps the Merkle log out of that node's
/// share path. Audit entries are still sealed and sequenced (sequence, chain hash, commitment, the head row: the
/// audit log's own cost), but no tree node rows are written and no receipts are signed, so that node's log can
/// prove nothing. No setting reaches it: only code that builds a node's services can register it.
/// </summary>
public sealed class MerkleLogOffForBaseline : IInterceptor
{
}
