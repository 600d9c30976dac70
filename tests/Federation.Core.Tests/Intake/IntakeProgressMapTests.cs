using Federation.Core.Cases;
using Federation.Core.Intake;

namespace Federation.Core.Tests.Intake;

public sealed class IntakeProgressMapTests
{
    [Theory]
    [InlineData(CaseStatus.New, false, IntakeProgress.Received)]
    [InlineData(CaseStatus.Triage, false, IntakeProgress.Triaged)]
    [InlineData(CaseStatus.Coordinating, false, IntakeProgress.Coordinating)]
    [InlineData(CaseStatus.Published, false, IntakeProgress.Published)]
    [InlineData(CaseStatus.Closed, false, IntakeProgress.Closed)]
    [InlineData(CaseStatus.Coordinating, true, IntakeProgress.Published)]
    public void From_StatusAndPublication_TheReportersStage(CaseStatus status, bool advisoryPublic, IntakeProgress expected)
    {
        Assert.Equal(expected, IntakeProgressMap.From(status, advisoryPublic));
    }
}
