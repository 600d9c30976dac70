using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Federation.Transparency;

namespace Federation.Core.Tests.Transparency;

/// <summary>
/// A leaf's bytes are the format the bundle documentation gives an auditor: written here the plain way, field by
/// field, as an auditor's own verifier would, and compared with the node's (which writes them on the stack).
/// </summary>
public sealed class LogLeafEncodingTests
{
    public static TheoryData<string> Leaves() => ["plain", "absent", "non-ascii", "long"];

    [Theory]
    [MemberData(nameof(Leaves))]
    public void TheEncodingAndHash_AreTheDocumentedFormat(string which)
    {
        var digest = SHA256.HashData("envelope"u8);
        var commitment = SHA256.HashData("detail"u8);
        var leaf = which switch
        {
            "plain" => new LogLeaf(41, "FR-A-01", DateTimeOffset.FromUnixTimeMilliseconds(1764650000123), "envelope.sent", "system", "FR-M-1", "acknowledged", "fr-de@3", digest, commitment),
            "absent" => new LogLeaf(0, "FR-A-02", DateTimeOffset.UnixEpoch, "treaty.loaded", "operator:anne", null, "ok", null, null, commitment),
            "non-ascii" => new LogLeaf(7, "FR-A-03", DateTimeOffset.UnixEpoch.AddDays(20000), "case.opened", "opérateur:Zoë — 東京", "FR-2026-0001", "ok", null, digest, commitment),
            _ => new LogLeaf(long.MaxValue - 1, "FR-A-04", DateTimeOffset.MaxValue, "peer.refused", new string('a', 900), new string('b', 400), "refused", "t@1", digest, commitment),
        };

        var expected = Plain(leaf);

        Assert.Equal(expected, leaf.Encode());
        Assert.Equal(SHA256.HashData([0x00, .. expected]), leaf.Hash());
    }

    [Fact]
    public void TheCommitment_IsSha256OfTheSaltAndTheDetail_ShortOrLong()
    {
        var salt = RandomNumberGenerator.GetBytes(32);
        foreach (var detail in new[] { null, string.Empty, "rule=r1; fields=title", "é" + new string('x', 5000) })
        {
            Assert.Equal(SHA256.HashData([.. salt, .. Encoding.UTF8.GetBytes(detail ?? string.Empty)]), LogLeaf.Commit(salt, detail));
        }
    }

    private static byte[] Plain(LogLeaf leaf)
    {
        var bytes = new List<byte>(Encoding.ASCII.GetBytes("federation-log-leaf/v1\n"));
        void Int64(long value)
        {
            var buffer = new byte[8];
            BinaryPrimitives.WriteInt64BigEndian(buffer, value);
            bytes.AddRange(buffer);
        }

        void Field(byte[]? value)
        {
            if (value is null)
            {
                bytes.Add(0);
                return;
            }

            bytes.Add(1);
            bytes.Add((byte)(value.Length >> 8));
            bytes.Add((byte)value.Length);
            bytes.AddRange(value);
        }

        void Text(string? value) => Field(value is null ? null : Encoding.UTF8.GetBytes(value));

        Int64(leaf.Index);
        Text(leaf.Id);
        Int64(leaf.At.UtcTicks);
        Text(leaf.Kind);
        Text(leaf.Actor);
        Text(leaf.Subject);
        Text(leaf.Outcome);
        Text(leaf.Treaty);
        Field(leaf.MessageDigest);
        Field(leaf.ContentCommitment);
        return [.. bytes];
    }
}
