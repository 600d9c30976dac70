using Federation.Core.Publication;
using Federation.Core.Severity;

namespace Federation.Core.Dashboard;

/// <summary>
/// What one published CSAF advisory says, read back for the dashboard: the dashboard shows what was published,
/// not the case as it stands now (a case edited after publication shows its edit only once a correction publishes it).
/// </summary>
public sealed record PublicAdvisory(
    string TrackingId,
    int Version,
    string Title,
    string Vendor,
    string Product,
    string? ModelVersion,
    RemediationCategory Remediation,
    string? CvssVector,
    CvssScore? CvssScore,
    SsvcDecision? Ssvc,
    string? AttackClass,
    string? Component,
    string? Cwe,
    DateTimeOffset InitialRelease,
    DateTimeOffset CurrentRelease);
