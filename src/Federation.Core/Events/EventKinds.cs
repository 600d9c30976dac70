namespace Federation.Core.Events;

public static class EventKinds
{
    public const string SummaryReceived = "summary.received";
    public const string SummaryWithdrawn = "summary.withdrawn";
    public const string EmbargoPrefix = "embargo.";
    public const string DeadlineDueSoon = "deadline.due-soon";
    public const string DeadlineOverdue = "deadline.overdue";

    /// <summary>A message the partner will never take (refused for good, or out of attempts): an operator must act.</summary>
    public const string DeliveryFailed = "delivery.failed";
    public const string CasePublished = "case.published";
    public const string PublicationReceived = "publication.received";

    /// <summary>A partner's transparency log forked (rewrote or contradicted its history): operators must act.</summary>
    public const string LogForked = "log.forked";
    /// <summary>This node's own log contradicts a checkpoint it signed: it signs no more until an operator looks.</summary>
    public const string AuditLogInconsistent = "audit.log-inconsistent";
}
