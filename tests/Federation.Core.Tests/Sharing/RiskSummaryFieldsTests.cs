using Federation.Core.Cases;
using Federation.Core.Duplicates;
using Federation.Core.Severity;
using Federation.Core.Sharing;
using Federation.Core.Taxonomy;
using static Federation.Core.Tests.Builders;

namespace Federation.Core.Tests.Sharing;

/// <summary>The risk model in summaries: severity, SSVC, component and the fingerprint, where treaty and consent allow.</summary>
public sealed class RiskSummaryFieldsTests
{
    [Fact]
    public void Evaluate_AssessedCase_SeverityCarriesTheVectorAndSsvcItsDecision()
    {
        var @case = Case();
        @case.Assess(CvssV4Vector.Parse("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N"), SsvcAssessment.Parse("SSVC/E:P/A:N/T:P/M:L"), "a", Clock());

        var fields = SharingRule.Evaluate(@case, De, [Treaty()]).Summary!.Fields.ToDictionary(f => f.Key, f => f.Value);

        // The data itself, never display text: the wire mapping adds score and rating, computed from the vector.
        Assert.Equal("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", fields["severity"]);
        Assert.Equal("SSVC/E:P/A:N/T:P/M:L/D:T", fields["ssvc"]);
    }

    [Fact]
    public void Evaluate_TreatyWithoutNewFields_WithholdsThem()
    {
        var @case = WithComponent(Case());

        var evaluation = SharingRule.Evaluate(@case, De, [Treaty(fields: ["title", "severity"])]);

        Assert.Equal(["title", "severity"], evaluation.Summary!.Fields.Select(f => f.Key));
        Assert.Contains(evaluation.Withheld, w => w.Field == "component" && w.Reason.StartsWith("not allowed by", StringComparison.Ordinal));
    }

    [Fact]
    public void Evaluate_KeyHeld_FingerprintUnderGoverningTreatyAndNoFeatureText()
    {
        var key = FingerprintKey.Generate("t1");
        var @case = WithComponent(Case());
        new CaseFingerprinter(new FingerprintKeyring([key])).Refresh(@case);

        var fields = SharingRule.Evaluate(@case, De, [Treaty()]).Summary!.Fields.ToDictionary(f => f.Key, f => f.Value);

        var expected = CaseFingerprint.Compute(new CaseFeatures("Acme", "Bot", "1.0", "llm-jailbreak", "guardrails"), key, TaxonomyCatalogue.Default).Value;
        Assert.Equal(expected, fields["fingerprint"]);
        Assert.Equal("guardrails", fields["component"]);
        Assert.DoesNotContain("acme", fields["fingerprint"], StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Evaluate_NoKeyForGoverningTreaty_FingerprintWithheldWithReason()
    {
        var @case = WithComponent(Case());
        new CaseFingerprinter(new FingerprintKeyring([FingerprintKey.Generate("other")])).Refresh(@case);

        var evaluation = SharingRule.Evaluate(@case, De, [Treaty()]);

        Assert.Contains(evaluation.Withheld, w => w.ToString() == "fingerprint: no fingerprint key for treaty t1");
    }

    [Fact]
    public void Evaluate_NoVendorConsent_FingerprintWithheld()
    {
        // A key holder can dictionary-attack a fingerprint back to vendor and product: it goes only where the vendor may.
        var @case = WithComponent(Case(consent: [ConsentScope.ShareSummary]));
        new CaseFingerprinter(new FingerprintKeyring([FingerprintKey.Generate("t1")])).Refresh(@case);

        var evaluation = SharingRule.Evaluate(@case, De, [Treaty()]);

        Assert.Contains(evaluation.Withheld, w => w.ToString() == "fingerprint: needs consent 'share-vendor'");
    }

    private static Case WithComponent(Case @case)
    {
        @case.Update(new CaseFieldsUpdate { Component = "guardrails" }, Clock());
        return @case;
    }
}
