using Federation.Core.Identity;
using static Federation.Core.Tests.Builders;

namespace Federation.Core.Tests.Identity;

public sealed class IdsTests
{
    [Fact]
    public void FederationCaseId_NewThenParse_RoundTrips()
    {
        var id = FederationCaseId.New(Fr, Clock());

        var parsed = FederationCaseId.Parse(id.ToString());

        Assert.Equal(id, parsed);
        Assert.StartsWith("FR-", id.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void FederationCaseId_ManyFromTwoNodesAtOneInstant_NeverCollide()
    {
        var clock = Clock();
        var ids = Enumerable.Range(0, 5000).SelectMany(_ => new[] { FederationCaseId.New(Fr, clock).ToString(), FederationCaseId.New(De, clock).ToString() }).ToList();

        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Theory]
    [InlineData("")]
    [InlineData("FR-123")]
    [InlineData("f1-01jd3q5v7x8y9z0a1b2c3d4e5f")]
    [InlineData("FR-01JD3Q5V7X8Y9Z0A1B2C3D4E5")]
    [InlineData("FR_01JD3Q5V7X8Y9Z0A1B2C3D4E5F")]
    [InlineData("FR-01JD3Q5V7X8Y9Z0A1B2C3D4E5U")]
    [InlineData("F1-01JD3Q5V7X8Y9Z0A1B2C3D4E5F")]
    public void FederationCaseId_Malformed_InvalidArgument(string text)
    {
        var error = Assert.Throws<FederationException>(() => FederationCaseId.Parse(text));

        Assert.Equal(ErrorCode.InvalidArgument, error.Code);
    }

    [Theory]
    [InlineData("fr-01jd3q5v7x8y9z0a1b2c3d4e5f")]
    [InlineData("Fr-01Jd3Q5v7X8y9Z0a1B2c3D4e5F")]
    [InlineData(" FR-01JD3Q5V7X8Y9Z0A1B2C3D4E5F ")]
    public void FederationCaseId_AnyCase_NormalizedToUpperCase(string text)
    {
        var id = FederationCaseId.Parse(text);

        Assert.Equal("FR-01JD3Q5V7X8Y9Z0A1B2C3D4E5F", id.ToString());
        Assert.Equal(FederationCaseId.Parse("FR-01JD3Q5V7X8Y9Z0A1B2C3D4E5F"), id);
    }

    [Fact]
    public void FederationCaseId_NewLowerCased_ParsesToTheSameId()
    {
        var id = FederationCaseId.New(De, Clock());

        Assert.Equal(id, FederationCaseId.Parse(id.ToString().ToLowerInvariant()));
    }

    [Theory]
    [InlineData("de-m-01jd3q5v7x8y9z0a1b2c3d4e5f", "DE-M-01JD3Q5V7X8Y9Z0A1B2C3D4E5F")]
    [InlineData("DE-M-01JD3Q5V7X8Y9Z0A1B2C3D4E5F", "DE-M-01JD3Q5V7X8Y9Z0A1B2C3D4E5F")]
    public void MessageId_TypedInAnyCase_Normalized(string text, string expected)
    {
        Assert.True(MessageId.TryNormalize(text, out var id));
        Assert.Equal(expected, id);
    }

    [Theory]
    [InlineData("DE-X-01JD3Q5V7X8Y9Z0A1B2C3D4E5F")]
    [InlineData("D1-M-01JD3Q5V7X8Y9Z0A1B2C3D4E5F")]
    [InlineData("DE-M-01JD3Q5V7X8Y9Z0A1B2C3D4E5U")]
    [InlineData("DE-M-")]
    public void MessageId_NotAMessageId_NotNormalized(string text) =>
        Assert.False(MessageId.TryNormalize(text, out _));

    [Fact]
    public void MessageId_LowerCaseFromAPartner_Invalid()
    {
        // The wire keeps the canonical form: the id is the receiver's deduplication key.
        var id = MessageId.New(De, Clock());

        Assert.False(MessageId.IsValid(id.ToLowerInvariant(), De));
        Assert.False(MessageId.IsValid("DE" + id[2..].ToLowerInvariant(), De));
    }

    [Fact]
    public void MessageId_IsValidOnlyForItsOrigin()
    {
        var id = MessageId.New(De, Clock());

        Assert.True(MessageId.IsValid(id, De));
        Assert.False(MessageId.IsValid(id, Fr));
    }

    [Theory]
    [InlineData("fr", "FR")]
    [InlineData(" eu ", "EU")]
    public void JurisdictionCode_Normalizes(string text, string expected) =>
        Assert.Equal(expected, JurisdictionCode.Parse(text).Value);

    [Theory]
    [InlineData("France")]
    [InlineData("F")]
    [InlineData("12")]
    public void JurisdictionCode_NotACode_Rejected(string text) =>
        Assert.False(JurisdictionCode.TryParse(text, out _));
}
