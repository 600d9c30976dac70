namespace Federation.Core.Transparency;

/// <summary>What a partner's log answers a witness: consistency proofs between two of its sizes (over the peer service).</summary>
public interface IPartnerLog
{
    Task<IReadOnlyList<byte[]>> ConsistencyProofAsync(long oldSize, long newSize, CancellationToken cancellationToken);
}
