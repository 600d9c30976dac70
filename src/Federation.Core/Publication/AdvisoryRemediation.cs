namespace Federation.Core.Publication;

/// <summary>
/// What users of the affected product should do, in the vendor's (or the coordinator's) words. It is an
/// input of the publication, not a case field: a case records the flaw, the remediation is written for the public.
/// </summary>
public sealed record AdvisoryRemediation(RemediationCategory Category, string Details, Uri? Url = null);
