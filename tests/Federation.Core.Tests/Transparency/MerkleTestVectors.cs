using Federation.Transparency;

namespace Federation.Core.Tests.Transparency;

/// <summary>
/// The published Certificate Transparency reference vectors, as facts to check against. Source: the RFC 6962 test
/// data of github.com/transparency-dev/merkle, file proof/verify_test.go (inherited from
/// google/certificate-transparency's merkle_tree tests): the eight leaf inputs, the roots of trees of 1 to 8 of
/// them, and inclusion and consistency proofs. Leaf numbers there are 1-based; here they are indices (0-based).
/// </summary>
public sealed class MerkleTestVectors
{
    private static readonly string[] LeafInputs = ["", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f"];

    public static readonly string EmptyRoot = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private static readonly string[] Roots =
    [
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    ];

    public static TheoryData<long, long, string[]> InclusionProofs => new()
    {
        { 0, 8, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7", "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e", "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"] },
        { 5, 8, ["bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b", "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0", "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"] },
        { 2, 3, ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"] },
        { 1, 5, ["6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d", "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e", "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"] },
        { 0, 1, [] },
    };

    public static TheoryData<long, long, string[]> ConsistencyProofs => new()
    {
        { 1, 1, [] },
        { 1, 8, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7", "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e", "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"] },
        { 6, 8, ["0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a", "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0", "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"] },
        { 2, 5, ["5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e", "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"] },
        { 6, 7, ["0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a", "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f", "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"] },
    };

    private static MerkleTree Reference()
    {
        var tree = new MerkleTree();
        foreach (var input in LeafInputs)
        {
            tree.Append(MerkleHash.Leaf(Convert.FromHexString(input)));
        }

        return tree;
    }

    [Fact]
    public void Roots_MatchThePublishedVectors_ForEverySize()
    {
        var tree = Reference();
        Assert.Equal(EmptyRoot, Convert.ToHexStringLower(tree.Root(0)));
        for (var size = 1; size <= LeafInputs.Length; size++)
        {
            Assert.Equal(Roots[size - 1], Convert.ToHexStringLower(tree.Root(size)));
        }
    }

    [Fact]
    public void Frontier_GivesTheSameRoots_AsItGrows()
    {
        var frontier = MerkleFrontier.Empty;
        Assert.Equal(EmptyRoot, Convert.ToHexStringLower(frontier.Root()));
        foreach (var (input, root) in LeafInputs.Zip(Roots))
        {
            frontier.Append(MerkleHash.Leaf(Convert.FromHexString(input)));
            Assert.Equal(root, Convert.ToHexStringLower(MerkleFrontier.FromBytes(frontier.ToBytes()).Root()));
        }
    }

    [Theory]
    [MemberData(nameof(InclusionProofs))]
    public void InclusionProofs_AreThePublishedOnes_AndVerify(long index, long size, string[] expected)
    {
        var tree = Reference();
        var proof = tree.InclusionProof(index, size);
        Assert.Equal(expected, proof.Select(Convert.ToHexStringLower));
        var leaf = tree.Node(new NodeAddress(0, index));
        var root = Convert.FromHexString(Roots[size - 1]);
        Assert.True(MerkleVerifier.VerifyInclusion(index, size, leaf, proof, root));

        // The corruptions the reference suite probes: none of them may verify.
        Assert.False(MerkleVerifier.VerifyInclusion(index + 1, size, leaf, proof, root));
        Assert.False(MerkleVerifier.VerifyInclusion(index, size * 2, leaf, proof, root));
        Assert.False(MerkleVerifier.VerifyInclusion(index, size, MerkleHash.Leaf("WrongLeaf"u8), proof, root));
        Assert.False(MerkleVerifier.VerifyInclusion(index, size, leaf, proof, Convert.FromHexString(EmptyRoot)));
        Assert.False(MerkleVerifier.VerifyInclusion(index, size, leaf, [.. proof, root], root));
        Assert.False(MerkleVerifier.VerifyInclusion(index, size, leaf, [root, .. proof], root));
        for (var i = 0; i < proof.Count; i++)
        {
            var flipped = proof.Select(p => (byte[])p.Clone()).ToList();
            flipped[i][0] ^= 8;
            Assert.False(MerkleVerifier.VerifyInclusion(index, size, leaf, flipped, root));
        }

        if (proof.Count > 0)
        {
            Assert.False(MerkleVerifier.VerifyInclusion(index, size, leaf, proof.Take(proof.Count - 1).ToList(), root));
        }
    }

    [Theory]
    [MemberData(nameof(ConsistencyProofs))]
    public void ConsistencyProofs_AreThePublishedOnes_AndVerify(long oldSize, long newSize, string[] expected)
    {
        var tree = Reference();
        var proof = tree.ConsistencyProof(oldSize, newSize);
        Assert.Equal(expected, proof.Select(Convert.ToHexStringLower));
        var oldRoot = Convert.FromHexString(Roots[oldSize - 1]);
        var newRoot = Convert.FromHexString(Roots[newSize - 1]);
        Assert.True(MerkleVerifier.VerifyConsistency(oldSize, newSize, proof, oldRoot, newRoot));
        if (proof.Count == 0)
        {
            return;
        }

        Assert.False(MerkleVerifier.VerifyConsistency(oldSize - 1, newSize, proof, oldRoot, newRoot));
        Assert.False(MerkleVerifier.VerifyConsistency(oldSize + 1, newSize, proof, oldRoot, newRoot));
        Assert.False(MerkleVerifier.VerifyConsistency(oldSize, newSize * 2, proof, oldRoot, newRoot));
        Assert.False(MerkleVerifier.VerifyConsistency(oldSize, newSize, proof, newRoot, oldRoot));
        Assert.False(MerkleVerifier.VerifyConsistency(oldSize, newSize, [], oldRoot, newRoot));
        Assert.False(MerkleVerifier.VerifyConsistency(oldSize, newSize, [.. proof, oldRoot], oldRoot, newRoot));
        Assert.False(MerkleVerifier.VerifyConsistency(oldSize, newSize, [proof[0], .. proof], oldRoot, newRoot));
        Assert.False(MerkleVerifier.VerifyConsistency(oldSize, newSize, proof.Take(proof.Count - 1).ToList(), oldRoot, newRoot));
        for (var i = 0; i < proof.Count; i++)
        {
            var flipped = proof.Select(p => (byte[])p.Clone()).ToList();
            flipped[i][0] ^= 16;
            Assert.False(MerkleVerifier.VerifyConsistency(oldSize, newSize, flipped, oldRoot, newRoot));
        }
    }

    [Fact]
    public void Consistency_EdgeCases_FollowTheReference()
    {
        var empty = Convert.FromHexString(EmptyRoot);
        var one = Convert.FromHexString(Roots[0]);
        Assert.True(MerkleVerifier.VerifyConsistency(0, 0, [], empty, empty));
        Assert.True(MerkleVerifier.VerifyConsistency(0, 1, [], empty, one));
        Assert.False(MerkleVerifier.VerifyConsistency(1, 1, [], empty, one)); // same size, different roots
        Assert.False(MerkleVerifier.VerifyConsistency(1, 1, [empty], one, one)); // same root, but a proof
        Assert.False(MerkleVerifier.VerifyConsistency(2, 1, [], one, one)); // back in time
        Assert.False(MerkleVerifier.VerifyInclusion(0, 0, one, [], empty));
    }
}
