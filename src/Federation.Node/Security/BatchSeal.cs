using System.Security.Cryptography;
using Federation.Contracts.V1;
using Federation.Core.Envelopes;
using Google.Protobuf;

namespace Federation.Node.Security;

/// <summary>
/// Puts several envelopes under one signature (federation.v3): each loses its own signature and gets its place, its
/// audit path and the one signature over their root (<see cref="EnvelopeBatchSignature"/>).
/// </summary>
public static class BatchSeal
{
    /// <param name="envelopes">From 2 to <see cref="EnvelopeBatchSignature.MaxSize"/> envelopes, changed in place.</param>
    /// <param name="key">The signing key of <paramref name="certificate"/>.</param>
    /// <param name="certificate">The DER certificate each envelope names as its signer.</param>
    public static void Apply(IReadOnlyList<SignedEnvelope> envelopes, ECDsa key, ByteString certificate)
    {
        var leaves = new byte[envelopes.Count][];
        for (var i = 0; i < leaves.Length; i++)
        {
            leaves[i] = EnvelopeBatchSignature.Leaf(envelopes[i].Content.Span);
        }

        var root = EnvelopeBatchSignature.Root(leaves, out var paths);
        var signature = ByteString.CopyFrom(EnvelopeBatchSignature.Sign(leaves.Length, root, key));
        for (var i = 0; i < leaves.Length; i++)
        {
            var seal = new EnvelopeBatchSeal { Size = (ulong)leaves.Length, Index = (ulong)i, Signature = signature };
            foreach (var node in paths[i])
            {
                seal.Path.Add(UnsafeByteOperations.UnsafeWrap(node));
            }

            envelopes[i].Signature = ByteString.Empty;
            envelopes[i].SignerCertificate = certificate;
            envelopes[i].BatchSeal = seal;
        }
    }
}
