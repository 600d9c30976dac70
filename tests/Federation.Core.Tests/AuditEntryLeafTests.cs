using System.Text;
using Federation.Core.Audit;
using Federation.Transparency;
using static Federation.Core.Tests.Builders;

namespace Federation.Core.Tests;

public sealed class AuditEntryLeafTests
{
    [Fact]
    public void ToLeaf_SealedEntry_DetailOnlyAsItsSaltedCommitment()
    {
        const string detail = "partner=DE; fields=title,vendor; reason=distinctive-detail-words";
        var entry = AuditEntry.Create(Clock(), AuditKinds.EnvelopeSent, "system", "FR-M-1", "acknowledged", detail, "eu-ai@3", new byte[32]);
        entry.Seal(8, AuditEntry.GenesisHash);

        var leaf = entry.ToLeaf();
        var encoded = Encoding.UTF8.GetString(leaf.Encode());

        Assert.Equal(7, leaf.Index);
        Assert.Equal("eu-ai@3", leaf.Treaty);
        Assert.Equal(LogLeaf.Commit(entry.Salt!, detail), leaf.ContentCommitment);
        Assert.DoesNotContain("distinctive", encoded, StringComparison.Ordinal);
        Assert.Equal(leaf.Hash(), entry.LeafHash);
        Assert.True(entry.Opens(detail));
        Assert.False(entry.Opens(detail + " "));
    }

    [Fact]
    public void Create_SameDetailTwice_DifferentSaltsSoCommitmentsDoNotLink()
    {
        var a = AuditEntry.Create(Clock(), AuditKinds.CaseCreated, "operator", "c", "ok", "tlp=AMBER");
        var b = AuditEntry.Create(Clock(), AuditKinds.CaseCreated, "operator", "c", "ok", "tlp=AMBER");

        Assert.NotEqual(a.Salt, b.Salt);
        Assert.NotEqual(a.ContentCommitment, b.ContentCommitment);
    }

    [Fact]
    public void EraseDetail_SealedEntry_LeafHashUnchangedAndCommitmentClosed()
    {
        var entry = AuditEntry.Create(Clock(), AuditKinds.ShareDecided, "operator", "c", "allowed", "fields=title");
        entry.Seal(1, AuditEntry.GenesisHash);
        var before = entry.ToLeaf().Hash();

        entry.EraseDetail();

        Assert.Equal(before, entry.ToLeaf().Hash());
        Assert.Null(entry.Detail);
        Assert.False(entry.Opens("fields=title"));
    }

    [Fact]
    public void Create_DigestNotSha256Sized_Refused()
    {
        Assert.Throws<ArgumentException>(() => AuditEntry.Create(Clock(), AuditKinds.EnvelopeSent, "system", "m", "ok", messageDigest: new byte[31]));
    }

    [Theory]
    [InlineData("t", 2, "t@2")]
    [InlineData("", 0, null)]
    [InlineData(null, 3, null)]
    public void TreatyOf_IdAndVersion_IdAtVersionOrNone(string? id, int version, string? expected)
    {
        Assert.Equal(expected, AuditEntry.TreatyOf(id, version));
    }
}
