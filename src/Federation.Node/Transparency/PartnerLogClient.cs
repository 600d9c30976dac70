using Federation.Core.Identity;
using Federation.Core.Transparency;
using Federation.Node.Peers;

namespace Federation.Node.Transparency;

/// <summary>A partner's log as its witness asks it for proofs: over the peer service.</summary>
public sealed class PartnerLogClient(PeerClient client, JurisdictionCode partner) : IPartnerLog
{
    public async Task<IReadOnlyList<byte[]>> ConsistencyProofAsync(long oldSize, long newSize, CancellationToken cancellationToken)
    {
        var response = await client.GetConsistencyProofAsync(partner, oldSize, newSize, cancellationToken);
        return [.. response.Hashes.Select(h => h.ToByteArray())];
    }
}
