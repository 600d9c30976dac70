using Federation.Core.Dashboard;
using Federation.Core.Publication;
using Federation.Core.Severity;
using Federation.Core.Taxonomy;
using Federation.Core.Tests.Publication;

namespace Federation.Core.Tests.Dashboard;

/// <summary>The reader follows the builder: every advisory the builder can write reads back to the case's public facts.</summary>
public sealed class PublicAdvisoryReaderTests
{
    [Fact]
    public void Read_BuiltAdvisory_GivesProductSeverityTaxonomyAndRemediation()
    {
        var @case = AdvisoryBuilders.PublishedCase(ssvc: true);
        var document = CsafAdvisoryBuilder.Build(@case, AdvisoryBuilders.NewPublication());

        var advisory = PublicAdvisoryReader.Read(document.Utf8Json);

        Assert.Equal(("CERTFR-2026-AVI-0042", 1, @case.Title), (advisory.TrackingId, advisory.Version, advisory.Title));
        Assert.Equal(("Acme Health", "MedAssist", "2.1"), (advisory.Vendor, advisory.Product, advisory.ModelVersion));
        Assert.Equal(RemediationCategory.VendorFix, advisory.Remediation);
        Assert.Equal(@case.CvssVector, advisory.CvssVector);
        Assert.Equal(@case.CurrentSeverity!.Score, advisory.CvssScore);
        Assert.Equal(SsvcDecision.Act, advisory.Ssvc);
        Assert.Equal(@case.TaxonomyClass, advisory.AttackClass);
        Assert.Equal("host-application", advisory.Component);
        Assert.Equal(AdvisoryBuilders.PublishedAt, advisory.InitialRelease);
    }

    [Fact]
    public void Read_EveryAttackClassAndComponentOfTheCatalogue_RoundTrips()
    {
        foreach (var attackClass in TaxonomyCatalogue.Default.AttackClasses)
        {
            var @case = AdvisoryBuilders.PublishedCase(taxonomyClass: attackClass.Id, modelVersion: null);
            var advisory = PublicAdvisoryReader.Read(CsafAdvisoryBuilder.Build(@case, AdvisoryBuilders.NewPublication()).Utf8Json);

            Assert.Equal(attackClass.Id, advisory.AttackClass);
            Assert.Null(advisory.ModelVersion);
            Assert.Null(advisory.Ssvc);
        }

        foreach (var component in TaxonomyCatalogue.Default.ComponentKinds)
        {
            var @case = AdvisoryBuilders.PublishedCase();
            @case.Update(new Federation.Core.Cases.CaseFieldsUpdate { Component = component.Id }, Builders.Clock());
            var advisory = PublicAdvisoryReader.Read(CsafAdvisoryBuilder.Build(@case, AdvisoryBuilders.NewPublication()).Utf8Json);

            Assert.Equal(component.Id, advisory.Component);
        }
    }

    [Fact]
    public void Read_Correction_GivesTheNewVersionAndRemediation()
    {
        var publication = AdvisoryBuilders.NewPublication()
            .Correct(AdvisoryBuilders.PublishedAt.AddDays(3), "Fix released.", new AdvisoryRemediation(RemediationCategory.Mitigation, "Disable uploads."));

        var advisory = PublicAdvisoryReader.Read(CsafAdvisoryBuilder.Build(AdvisoryBuilders.PublishedCase(), publication).Utf8Json);

        Assert.Equal((2, RemediationCategory.Mitigation), (advisory.Version, advisory.Remediation));
        Assert.Equal(AdvisoryBuilders.PublishedAt.AddDays(3), advisory.CurrentRelease);
    }
}
