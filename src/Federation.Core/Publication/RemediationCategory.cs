namespace Federation.Core.Publication;

/// <summary>CSAF 2.0's remediation categories (<c>/vulnerabilities[]/remediations[]/category</c>).</summary>
public enum RemediationCategory
{
    VendorFix,
    Mitigation,
    Workaround,
    NoFixPlanned,
    NoneAvailable,
}
