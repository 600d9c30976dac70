using Federation.Transparency;
using FsCheck;
using FsCheck.Fluent;

namespace Federation.Core.Tests.Transparency;

/// <summary>
/// Random logs: every inclusion proof and every consistency proof between any two sizes verifies, the store's
/// frontier agrees with the tree, and any altered leaf or proof node fails.
/// </summary>
public sealed class MerkleProperties
{
    private const int Cases = 300;
    private static readonly Config Settings = Config.QuickThrowOnFailure.WithMaxTest(Cases);

    private static Gen<(int Size, int Seed)> Logs() =>
        from size in Gen.Choose(1, 130)
        from seed in Gen.Choose(0, int.MaxValue)
        select (size, seed);

    private static MerkleTree Build(int size, int seed, out List<byte[]> leaves)
    {
        var random = new Random(seed);
        var tree = new MerkleTree();
        leaves = [];
        for (var i = 0; i < size; i++)
        {
            var input = new byte[random.Next(0, 40)];
            random.NextBytes(input);
            var leaf = MerkleHash.Leaf(input);
            leaves.Add(leaf);
            tree.Append(leaf);
        }

        return tree;
    }

    /// <summary>The RFC's recursive definition of MTH, written the slow way, as the oracle.</summary>
    private static byte[] Mth(List<byte[]> leaves, int start, int end)
    {
        if (end - start == 1)
        {
            return leaves[start];
        }

        var k = 1;
        while (k * 2 < end - start)
        {
            k *= 2;
        }

        return MerkleHash.Node(Mth(leaves, start, start + k), Mth(leaves, start + k, end));
    }

    [Fact]
    public void Roots_EqualTheRecursiveDefinition_AndTheFrontier() =>
        Prop.ForAll(Logs().ToArbitrary(), log =>
        {
            var tree = Build(log.Size, log.Seed, out var leaves);
            var frontier = MerkleFrontier.Empty;
            foreach (var leaf in leaves)
            {
                frontier.Append(leaf);
            }

            return Enumerable.Range(1, log.Size).All(n => tree.Root(n).SequenceEqual(Mth(leaves, 0, n)))
                && frontier.Root().SequenceEqual(tree.Root())
                && MerkleFrontier.FromBytes(frontier.ToBytes()).Root().SequenceEqual(tree.Root());
        }).Check(Settings);

    [Fact]
    public void EveryInclusionProof_Verifies_AndAnAlteredOneFails() =>
        Prop.ForAll(Logs().ToArbitrary(), log =>
        {
            var tree = Build(log.Size, log.Seed, out var leaves);
            var random = new Random(log.Seed);
            for (var n = 1; n <= log.Size; n++)
            {
                var root = tree.Root(n);
                for (var m = 0; m < n; m++)
                {
                    var proof = tree.InclusionProof(m, n);
                    if (!MerkleVerifier.VerifyInclusion(m, n, leaves[m], proof, root))
                    {
                        return false;
                    }

                    var otherLeaf = (byte[])leaves[m].Clone();
                    otherLeaf[random.Next(32)] ^= (byte)(1 << random.Next(8));
                    if (MerkleVerifier.VerifyInclusion(m, n, otherLeaf, proof, root))
                    {
                        return false;
                    }

                    if (proof.Count > 0)
                    {
                        var altered = proof.Select(p => (byte[])p.Clone()).ToList();
                        altered[random.Next(altered.Count)][random.Next(32)] ^= (byte)(1 << random.Next(8));
                        if (MerkleVerifier.VerifyInclusion(m, n, leaves[m], altered, root))
                        {
                            return false;
                        }
                    }
                }
            }

            return true;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(60));

    /// <summary>Node and leaf hashes share one SHA-256 context per thread: a refused call must not leave its input in it.</summary>
    [Fact]
    public void ARefusedHashCall_LeavesTheNextHashOnItsThreadAsTheOneShotGivesIt()
    {
        var left = System.Security.Cryptography.SHA256.HashData("left"u8);
        var right = System.Security.Cryptography.SHA256.HashData("right"u8);
        Assert.Throws<ArgumentException>(() => MerkleHash.Node(left, right, new byte[16]));
        Assert.Throws<ArgumentException>(() => MerkleHash.Leaf("leaf"u8, new byte[31]));

        var expected = System.Security.Cryptography.SHA256.HashData([0x01, .. left, .. right]);
        Assert.Equal(expected, MerkleHash.Node(left, right));
        Assert.Equal(System.Security.Cryptography.SHA256.HashData([0x00, .. "leaf"u8]), MerkleHash.Leaf("leaf"u8));
    }

    [Fact]
    public void RootWithPaths_GivesTheRootAndEveryLeafsProof_AsTheTreeDoes() =>
        Prop.ForAll(Logs().ToArbitrary(), log =>
        {
            var tree = Build(log.Size, log.Seed, out var leaves);
            var root = MerkleTree.RootWithPaths(leaves, out var paths);
            return root.SequenceEqual(tree.Root())
                && paths.Length == log.Size
                && Enumerable.Range(0, log.Size).All(m =>
                    paths[m].Count == tree.InclusionProof(m, log.Size).Count
                    && paths[m].Zip(tree.InclusionProof(m, log.Size)).All(p => p.First.SequenceEqual(p.Second))
                    && MerkleVerifier.RootFromInclusion(m, log.Size, leaves[m], paths[m]) is { } computed && computed.SequenceEqual(root));
        }).Check(Settings);

    [Fact]
    public void EveryConsistencyProof_BetweenAnyTwoSizes_Verifies_AndAnAlteredOneFails() =>
        Prop.ForAll(Logs().ToArbitrary(), log =>
        {
            var tree = Build(log.Size, log.Seed, out _);
            var random = new Random(log.Seed);
            var roots = Enumerable.Range(0, log.Size + 1).Select(n => tree.Root(n)).ToList();
            for (var n = 1; n <= log.Size; n++)
            {
                for (var m = 0; m <= n; m++)
                {
                    var proof = tree.ConsistencyProof(m, n);
                    if (!MerkleVerifier.VerifyConsistency(m, n, proof, roots[m], roots[n]))
                    {
                        return false;
                    }

                    if (proof.Count > 0)
                    {
                        var altered = proof.Select(p => (byte[])p.Clone()).ToList();
                        altered[random.Next(altered.Count)][random.Next(32)] ^= (byte)(1 << random.Next(8));
                        var otherRoot = (byte[])roots[n].Clone();
                        otherRoot[random.Next(32)] ^= 1;
                        if (MerkleVerifier.VerifyConsistency(m, n, altered, roots[m], roots[n])
                            || MerkleVerifier.VerifyConsistency(m, n, proof, roots[m], otherRoot))
                        {
                            return false;
                        }
                    }
                }
            }

            return true;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(60));

    [Fact]
    public void AProofFromOneLog_NeverVerifiesAForkOfIt() =>
        Prop.ForAll(Logs().ToArbitrary(), log =>
        {
            // A log that rewrote one past leaf: the old head's consistency with the rewritten one must fail.
            var tree = Build(log.Size, log.Seed, out var leaves);
            var random = new Random(log.Seed);
            var rewritten = random.Next(log.Size);
            var fork = new MerkleTree();
            for (var i = 0; i < leaves.Count; i++)
            {
                fork.Append(i == rewritten ? MerkleHash.Leaf("rewritten"u8) : leaves[i]);
            }

            fork.Append(MerkleHash.Leaf("next"u8));
            var oldSize = (long)rewritten + 1 + random.Next(log.Size - rewritten);
            var proof = fork.ConsistencyProof(oldSize, fork.Size);
            return !MerkleVerifier.VerifyConsistency(oldSize, fork.Size, proof, tree.Root(oldSize), fork.Root());
        }).Check(Settings);

    [Fact]
    public async Task TheProver_OverANodeSource_GivesTheTreesProofs()
    {
        var tree = Build(1000, 7, out _);
        for (long n = 1; n <= 1000; n += 37)
        {
            Assert.Equal(tree.Root(n), await MerkleProver.RootAsync(tree, n, TestContext.Current.CancellationToken));
            for (long m = 0; m < n; m += 11)
            {
                Assert.Equal(tree.InclusionProof(m, n), await MerkleProver.InclusionAsync(tree, m, n, TestContext.Current.CancellationToken));
                Assert.Equal(tree.ConsistencyProof(m, n), await MerkleProver.ConsistencyAsync(tree, m, n, TestContext.Current.CancellationToken));
            }
        }
    }
}
