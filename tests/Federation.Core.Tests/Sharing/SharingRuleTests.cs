using Federation.Core.Cases;
using Federation.Core.Sharing;
using static Federation.Core.Tests.Builders;

namespace Federation.Core.Tests.Sharing;

public sealed class SharingRuleTests
{
    [Fact]
    public void Evaluate_ConsentForSummaryAndVendor_SharesAllowedFieldsOnly()
    {
        var evaluation = SharingRule.Evaluate(Case(), De, [Treaty()]);

        Assert.True(evaluation.Allowed);
        var names = evaluation.Summary!.Fields.Select(f => f.Key).ToList();
        Assert.Equal(["title", "synopsis", "sector", "taxonomy_class", "severity", "status", "reported_at", "vendor", "product", "model_version"], names);
        Assert.Equal(["reporter_name: needs consent 'share-reporter'", "fingerprint: no fingerprint key for treaty t1"], evaluation.Withheld.Select(w => w.ToString()));
    }

    [Fact]
    public void Evaluate_NeverCarriesRawFieldValues()
    {
        var evaluation = SharingRule.Evaluate(Case(consent: [.. ConsentScope.All]), De, [Treaty()]);

        Assert.DoesNotContain(evaluation.Summary!.Fields, f => f.Value.Contains("RAW", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(Tlp.Red, "TLP:RED")]
    [InlineData(Tlp.AmberStrict, "above what t1 v1 allows")]
    public void Evaluate_TlpAboveCeiling_Refused(Tlp tlp, string reason)
    {
        var evaluation = SharingRule.Evaluate(Case(tlp), De, [Treaty()]);

        Assert.False(evaluation.Allowed);
        Assert.Contains(reason, evaluation.Refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_NationalSecurity_RefusedWhateverTheTreaty()
    {
        var evaluation = SharingRule.Evaluate(Case(Tlp.Clear, [.. ConsentScope.All], nationalSecurity: true), De, [Treaty(maxTlp: Tlp.AmberStrict)]);

        Assert.False(evaluation.Allowed);
        Assert.StartsWith("carve-out: the case is flagged national-security", evaluation.Refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_PersonalDataFlag_FreeTextStaysHome()
    {
        var evaluation = SharingRule.Evaluate(Case(personalData: true), De, [Treaty()]);

        Assert.DoesNotContain(evaluation.Summary!.Fields, f => f.Key == "synopsis");
        Assert.Contains(evaluation.Withheld, w => w.Field == "synopsis" && w.Reason.StartsWith("carve-out", StringComparison.Ordinal));
    }

    [Fact]
    public void Evaluate_NoConsent_Refused()
    {
        var evaluation = SharingRule.Evaluate(Case(consent: []), De, [Treaty()]);

        Assert.False(evaluation.Allowed);
        Assert.Contains("share-summary", evaluation.Refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_NoTreaty_Refused()
    {
        var evaluation = SharingRule.Evaluate(Case(), Jp, []);

        Assert.False(evaluation.Allowed);
        Assert.Equal("no treaty in force binds this node and JP", evaluation.Refusal);
    }

    [Fact]
    public void Evaluate_EveryAllowedFieldNeedsMissingConsent_NoEmptyRecord()
    {
        var evaluation = SharingRule.Evaluate(Case(), De, [Treaty(fields: ["reporter_name"])]);

        Assert.False(evaluation.Allowed);
        Assert.Equal("every field was withheld", evaluation.Refusal);
    }

    [Fact]
    public void Evaluate_TwoTreaties_MostRestrictiveWins()
    {
        var wide = Treaty("wide");
        var narrow = Treaty("narrow", ["title", "sector", "vendor"], Tlp.Green);

        var amber = SharingRule.Evaluate(Case(Tlp.Amber), De, [wide, narrow]);
        var green = SharingRule.Evaluate(Case(Tlp.Green), De, [wide, narrow]);

        Assert.False(amber.Allowed);
        Assert.Equal(["title", "sector", "vendor"], green.Summary!.Fields.Select(f => f.Key));
        Assert.Equal("narrow", green.Treaty!.Id);
        Assert.Contains(green.Withheld, w => w.Field == "synopsis" && w.Reason.Contains("most restrictive wins", StringComparison.Ordinal));
    }

    [Fact]
    public void CheckIncoming_WhatTheSenderBuilt_Accepted()
    {
        var treaties = new[] { Treaty() };
        var summary = SharingRule.Evaluate(Case(), De, treaties).Summary!;

        SharingRule.CheckIncoming(summary, Fr, treaties);
    }

    [Fact]
    public void CheckIncoming_FieldNotInTreaty_RejectedNamingTheField()
    {
        var summary = SharingRule.Evaluate(Case(), De, [Treaty()]).Summary!;

        var error = Assert.Throws<FederationException>(() => SharingRule.CheckIncoming(summary, Fr, [Treaty(fields: ["title"])]));

        Assert.Equal(ErrorCode.TreatyFieldNotAllowed, error.Code);
        Assert.Equal("synopsis", error.Field);
    }

    [Fact]
    public void CheckIncoming_SummaryOfAnotherOriginsCase_PermissionDenied()
    {
        var summary = SharingRule.Evaluate(Case(), De, [Treaty()]).Summary!;

        var error = Assert.Throws<FederationException>(() => SharingRule.CheckIncoming(summary, Jp, [Treaty(parties: [De, Jp])]));

        Assert.Equal(ErrorCode.PermissionDenied, error.Code);
    }

    [Fact]
    public void CheckIncoming_AFieldTwice_RefusedNamingIt()
    {
        var summary = SharingRule.Evaluate(Case(), De, [Treaty()]).Summary!;
        var twice = summary with { Fields = [.. summary.Fields, new(summary.Fields[1].Key, "again")] };

        var error = Assert.Throws<FederationException>(() => SharingRule.CheckIncoming(twice, Fr, [Treaty()]));

        Assert.Equal(ErrorCode.InvalidArgument, error.Code);
        Assert.Equal(summary.Fields[1].Key, error.Field);
    }

    [Fact]
    public void CheckIncoming_TreatySetIgnoringCase_NamesStillComparedOrdinally()
    {
        // A single treaty's own set is used as it is only when it compares names as the rule does (ordinally); one that
        // ignores case must not let "Title" pass for "title".
        var lenient = Treaty() with { AllowedFields = Treaty().AllowedFields.ToHashSet(StringComparer.OrdinalIgnoreCase) };
        var summary = SharingRule.Evaluate(Case(), De, [Treaty()]).Summary!;
        var renamed = summary with { Fields = [new("Title", summary.Fields[0].Value), .. summary.Fields.Skip(1)] };

        SharingRule.CheckIncoming(summary, Fr, [lenient]);
        var error = Assert.Throws<FederationException>(() => SharingRule.CheckIncoming(renamed, Fr, [lenient]));

        Assert.Equal(ErrorCode.TreatyFieldNotAllowed, error.Code);
        Assert.Equal("Title", error.Field);
    }

    [Fact]
    public void CheckIncoming_TwoTreaties_TheNarrowerDecides()
    {
        var summary = SharingRule.Evaluate(Case(), De, [Treaty()]).Summary!;

        var error = Assert.Throws<FederationException>(() => SharingRule.CheckIncoming(summary, Fr, [Treaty(), Treaty(id: "t2", fields: ["title", "sector"])]));

        Assert.Equal(ErrorCode.TreatyFieldNotAllowed, error.Code);
        Assert.Equal("synopsis", error.Field);
    }

    [Fact]
    public void CheckIncoming_OneTreatyInForce_NamedAnother_BothDecide()
    {
        // The named treaty is not the one listed in force: both apply, so the narrower (named) one refuses what it lacks,
        // though the one in force alone would allow it.
        var summary = SharingRule.Evaluate(Case(), De, [Treaty()]).Summary!;

        var error = Assert.Throws<FederationException>(() => SharingRule.CheckIncoming(summary, Fr, [Treaty()], Treaty(id: "t2", fields: ["title", "sector"])));

        Assert.Equal(ErrorCode.TreatyFieldNotAllowed, error.Code);
        Assert.Equal("synopsis", error.Field);
    }
}
