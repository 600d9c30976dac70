namespace Federation.Core.Tests;

public sealed class BoundedTextTests
{
    [Theory]
    [InlineData("plain text", "plain text")]
    [InlineData("a\nb", "a\\nb")]
    [InlineData("a\r\nb\tc", "a\\r\\nb\\tc")]
    [InlineData("bell\u0007", "bell\\u0007")]
    [InlineData("line\u2028sep", "line\\u2028sep")]
    [InlineData("", "")]
    public void Of_EscapesControlCharacters(string input, string expected) => Assert.Equal(expected, BoundedText.Of(input, 100));

    [Fact]
    public void Of_Long_CappedSayingHowMuchWasLeftOut()
    {
        var result = BoundedText.Of(new string('x', 200_000), 1000);

        Assert.StartsWith(new string('x', 1000), result, StringComparison.Ordinal);
        Assert.EndsWith("… (199000 more characters)", result, StringComparison.Ordinal);
    }

    [Fact]
    public void Of_Null_Empty() => Assert.Equal(string.Empty, BoundedText.Of(null, 10));

    [Fact]
    public void Of_CutAtAPair_KeepsThePairWhole()
    {
        // "ab" then U+1F600 (a surrogate pair) then more: a cap of 3 falls between the pair's halves.
        var text = "ab\uD83D\uDE00 and more";

        var bounded = BoundedText.Of(text, 3);

        Assert.StartsWith("ab\uD83D\uDE00…", bounded, StringComparison.Ordinal);
        // A strict encoder throws on a lone half.
        Assert.NotEmpty(new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true).GetBytes(bounded));
    }

    [Theory]
    [InlineData("abc", 5, "abc")]
    [InlineData("abcdef", 3, "abc")]
    [InlineData("ab\uD83D\uDE00cd", 3, "ab")]
    [InlineData("ab\uD83D\uDE00cd", 4, "ab\uD83D\uDE00")]
    [InlineData("\uD83D\uDE00", 1, "")]
    [InlineData("abc", 0, "")]
    public void Prefix_NeverSplitsAPair(string text, int max, string expected) => Assert.Equal(expected, BoundedText.Prefix(text, max));
}
