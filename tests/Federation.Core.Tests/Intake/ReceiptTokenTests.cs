using System.Security.Cryptography;
using System.Text;
using Federation.Core.Intake;

namespace Federation.Core.Tests.Intake;

public sealed class ReceiptTokenTests
{
    [Fact]
    public void New_Always_256BitsBase64UrlAndItsSha256()
    {
        var (token, hash) = ReceiptToken.New();

        Assert.Equal(43, token.Length);
        Assert.Matches("^[A-Za-z0-9_-]{43}$", token);
        Assert.Equal(SHA256.HashData(Encoding.UTF8.GetBytes(token)), hash);
        Assert.DoesNotContain(token, Convert.ToBase64String(hash), StringComparison.Ordinal);
    }

    [Fact]
    public void New_ManyTimes_NeverTheSameToken()
    {
        var tokens = Enumerable.Range(0, 1000).Select(_ => ReceiptToken.New().Token).ToHashSet(StringComparer.Ordinal);

        Assert.Equal(1000, tokens.Count);
    }

    [Fact]
    public void Matches_OneCharacterOff_False()
    {
        var (token, hash) = ReceiptToken.New();
        var near = (token[0] == 'A' ? 'B' : 'A') + token[1..];

        Assert.True(ReceiptToken.Matches(hash, ReceiptToken.Hash(token)));
        Assert.True(ReceiptToken.Matches(hash, ReceiptToken.Hash($"  {token}\n")));
        Assert.False(ReceiptToken.Matches(hash, ReceiptToken.Hash(near)));
    }
}
