using Federation.Core.Publication;
using Federation.Core.Severity;

namespace Federation.Core.Dashboard;

/// <summary>One published case as the dashboard shows it: what its advisory says, its timeline, and where the advisory is.</summary>
public sealed record DashboardCase(
    string CaseId,
    PublicAdvisory Advisory,
    DashboardTimeline Timeline,
    string AdvisoryPath)
{
    public string TrackingId => Advisory.TrackingId;

    public RemediationCategory Remediation => Advisory.Remediation;

    public CvssRating? Rating => Advisory.CvssScore?.Rating;

    /// <summary>
    /// Where the node's CSAF provider serves the advisory: the TLP:CLEAR folder (CSAF 2.0 calls it white), the year of
    /// the initial release, the file name of CSAF §5.1. The same path the advisory's canonical URL names.
    /// </summary>
    public static string PathFor(string trackingId, DateTimeOffset initialRelease) =>
        $"/.well-known/csaf/white/{initialRelease.UtcDateTime.Year:D4}/{CsafAdvisory.FileNameFor(trackingId)}";
}
