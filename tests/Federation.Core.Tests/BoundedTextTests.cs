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
}
