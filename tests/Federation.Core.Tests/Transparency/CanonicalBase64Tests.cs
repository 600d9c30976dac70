using Federation.Transparency;

namespace Federation.Core.Tests.Transparency;

/// <summary>Base64 with one spelling per value: found when a bundle with one byte changed ("Tw=" to "Tx=") still verified.</summary>
public sealed class CanonicalBase64Tests
{
    [Fact]
    public void Decode_CanonicalText_GivesTheBytes() =>
        Assert.Equal(new byte[] { 0x4f }, CanonicalBase64.Decode("Tw=="));

    [Theory]
    [InlineData("Tx==")] // the unused low bits of the last character set: the standard decoder reads it as "Tw=="
    [InlineData("AAE=")] // canonical
    public void Decode_OnlyTheCanonicalSpelling(string text)
    {
        var bytes = Convert.FromBase64String(text);
        if (Convert.ToBase64String(bytes) == text)
        {
            Assert.Equal(bytes, CanonicalBase64.Decode(text));
        }
        else
        {
            Assert.Throws<FormatException>(() => CanonicalBase64.Decode(text));
        }
    }

    [Fact]
    public void Decode_NotBase64_Refused() => Assert.Throws<FormatException>(() => CanonicalBase64.Decode("no base64!"));
}
