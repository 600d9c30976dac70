namespace Federation.Transparency;

/// <summary>
/// One hash of a proof, as the complete subtrees it is made of, left to right. A complete subtree of the proof is one
/// node; the hash of an incomplete one at the log's right edge (RFC 9162's MTH of D[k:n] when n−k is no power of
/// two) is folded from its complete parts: the right-most two first.
/// </summary>
public sealed record ProofElement(IReadOnlyList<NodeAddress> Parts)
{
    public byte[] Compute(IReadOnlyDictionary<NodeAddress, byte[]> nodes)
    {
        var hash = nodes[Parts[^1]];
        for (var i = Parts.Count - 2; i >= 0; i--)
        {
            hash = MerkleHash.Node(nodes[Parts[i]], hash);
        }

        return hash;
    }
}
