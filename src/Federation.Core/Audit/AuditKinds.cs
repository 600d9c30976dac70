namespace Federation.Core.Audit;

/// <summary>The kinds of audit entry, as stable strings an auditor can filter on.</summary>
public static class AuditKinds
{
    public const string CaseCreated = "case.created";
    public const string CaseUpdated = "case.updated";
    public const string CaseAssessed = "case.assessed";
    public const string CaseLinked = "case.linked";
    public const string ConsentRecorded = "consent.recorded";
    public const string ShareDecided = "share.decided";
    public const string ShareReevaluated = "share.reevaluated";
    public const string ShareWithdrawn = "share.withdrawn";
    public const string SummaryWithdrawn = "summary.withdrawn";
    public const string EnvelopeSent = "envelope.delivered";
    public const string EnvelopeFailed = "envelope.failed";
    public const string EnvelopeAccepted = "envelope.accepted";
    public const string EnvelopeDuplicate = "envelope.duplicate";
    public const string EnvelopeRejected = "envelope.rejected";
    public const string CatchUpServed = "catchup.served";
    public const string CatchUpPulled = "catchup.pulled";
    public const string PeerRejected = "peer.rejected";
    public const string PeerUndecodable = "peer.undecodable";
    public const string PeerOversized = "peer.oversized";
    public const string StatusQueried = "status.queried";
    public const string PeerEndpointSet = "peer.endpoint-set";
    public const string EmbargoSignalled = "embargo.signalled";
    public const string ReportRecorded = "report.recorded";
    public const string EmbargoReceived = "embargo.received";
    public const string TreatyInstalled = "treaty.installed";
    public const string TreatyCountersigned = "treaty.countersigned";
    public const string TreatyInForce = "treaty.in-force";
    public const string CasePublished = "case.published";
    public const string PublicationReceived = "publication.received";
}
