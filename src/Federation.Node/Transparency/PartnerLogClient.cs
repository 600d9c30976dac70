using Federation.Core.Identity;
using Federation.Core.Transparency;
using Federation.Node.Peers;
using Grpc.Core;

namespace Federation.Node.Transparency;

/// <summary>A partner's log as its witness asks it for proofs: over the peer service.</summary>
public sealed class PartnerLogClient(PeerClient client, JurisdictionCode partner) : IPartnerLog
{
    public async Task<IReadOnlyList<byte[]>> ConsistencyProofAsync(long oldSize, long newSize, CancellationToken cancellationToken)
    {
        Federation.Contracts.V1.ProofResponse response;
        try
        {
            response = await client.GetConsistencyProofAsync(partner, oldSize, newSize, cancellationToken);
        }
        catch (RpcException ex) when (ex.StatusCode is StatusCode.InvalidArgument or StatusCode.FailedPrecondition or StatusCode.OutOfRange or StatusCode.NotFound)
        {
            // The partner answered that it cannot prove it: unlike no answer (unreachable, busy), that counts against it.
            throw new ProofRefusedException($"{ex.StatusCode}: {ex.Status.Detail}");
        }

        return [.. response.Hashes.Select(h => h.ToByteArray())];
    }
}
