using Federation.Core.Intake;

namespace Federation.Core.Tests.Intake;

public sealed class IntakePolicyTests
{
    private static readonly IntakePolicy Policy = new([
        new SafeHarbourStatement("en", "2026-2", "Safe harbour.", "Policy.", false),
        new SafeHarbourStatement("ar", "2026-1", "ملاذ آمن.", "سياسة.", false),
    ]);

    [Fact]
    public void RequireAccepted_CurrentVersion_ThatStatement()
    {
        Assert.Equal("2026-1", Policy.RequireAccepted("ar", "2026-1").Version);
    }

    [Fact]
    public void RequireAccepted_OlderVersion_FailedPreconditionNamingBoth()
    {
        var ex = Assert.Throws<FederationException>(() => Policy.RequireAccepted("en", "2026-1"));

        Assert.Equal(ErrorCode.FailedPrecondition, ex.Code);
        Assert.Equal("accepted_policy_version", ex.Field);
        Assert.Contains("'2026-1'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'2026-2'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RequireAccepted_NotAccepted_InvalidArgument()
    {
        var ex = Assert.Throws<FederationException>(() => Policy.RequireAccepted("en", " "));

        Assert.Equal(ErrorCode.InvalidArgument, ex.Code);
        Assert.Equal("accepted_policy_version", ex.Field);
    }

    [Fact]
    public void RequireAccepted_LanguageWithoutStatement_InvalidArgumentNamingTheOthers()
    {
        var ex = Assert.Throws<FederationException>(() => Policy.RequireAccepted("ja", "2026-2"));

        Assert.Equal("language", ex.Field);
        Assert.Contains("ar, en", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DevelopmentStatements_SixLanguages_EachMarkedAsPlaceholder()
    {
        Assert.Equal(IntakeLanguages.All.Order(), DevelopmentStatements.All.Select(s => s.Language).Order());
        Assert.All(DevelopmentStatements.All, s =>
        {
            Assert.True(s.DevelopmentPlaceholder);
            Assert.Equal(DevelopmentStatements.Version, s.Version);
            Assert.False(string.IsNullOrWhiteSpace(s.SafeHarbour));
            Assert.False(string.IsNullOrWhiteSpace(s.DisclosurePolicy));
        });
    }
}
