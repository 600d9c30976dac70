using Federation.Transparency;
using Federation.Transparency.Bundles;

namespace Federation.Core.Transparency;

/// <summary>The node's log as a bundle's source.</summary>
public sealed class TransparencyLogSource(ITransparencyLog log) : IBundleSource
{
    public async ValueTask<IReadOnlyList<LogLeaf>> LeavesAsync(long from, int count, CancellationToken cancellationToken) =>
        await log.LeavesAsync(from, count, cancellationToken);

    public async ValueTask<IReadOnlyList<byte[]>> InclusionProofAsync(long index, long size, CancellationToken cancellationToken) =>
        await log.InclusionProofAsync(index, size, cancellationToken);

    public async ValueTask<IReadOnlyList<byte[]>> ConsistencyProofAsync(long oldSize, long newSize, CancellationToken cancellationToken) =>
        await log.ConsistencyProofAsync(oldSize, newSize, cancellationToken);
}
