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
    public const string RevocationListLoaded = "revocation.list-loaded";
    public const string RevocationListRefused = "revocation.list-refused";
    public const string RevocationListStale = "revocation.list-stale";
    /// <summary>A newer revocation list fetched from the partner (Peer.GetRevocationList) and taken.</summary>
    public const string RevocationListFetched = "revocation.list-fetched";
    public const string IdentityRotated = "identity.rotated";
    public const string IdentityRotationRefused = "identity.rotation-refused";
    public const string StatusQueried = "status.queried";
    public const string PeerEndpointSet = "peer.endpoint-set";
    public const string PeerSuspended = "peer.suspended";
    public const string PeerResumed = "peer.resumed";
    /// <summary>A partner's call refused because it went past its limits (calls in flight, messages per second).</summary>
    public const string PeerLimited = "peer.limited";
    /// <summary>A call from a suspended partner, refused.</summary>
    public const string PeerSuspendedCall = "peer.suspended-call";
    public const string EmbargoSignalled = "embargo.signalled";
    public const string ReportRecorded = "report.recorded";
    public const string EmbargoReceived = "embargo.received";
    public const string TreatyInstalled = "treaty.installed";
    public const string TreatyCountersigned = "treaty.countersigned";
    public const string TreatyInForce = "treaty.in-force";
    public const string CasePublished = "case.published";
    public const string PublicationReceived = "publication.received";
    public const string InboxQuarantined = "inbox.quarantined";
    public const string QuarantineRetried = "inbox.quarantine-retried";
    public const string QuarantineDropped = "inbox.quarantine-dropped";
    /// <summary>A partner's checkpoint that does not open with its log key (malformed, or a bad signature).</summary>
    public const string WitnessCheckpointRefused = "witness.checkpoint-refused";
    /// <summary>A partner's log is signed with a new key, under a certificate its jurisdiction's anchor vouches for.</summary>
    public const string WitnessPartnerKeyChanged = "witness.partner-key-changed";
    /// <summary>A partner's log refused to prove its new head consistent with the last one kept (a fork after several in a row).</summary>
    public const string WitnessProofRefused = "witness.proof-refused";
    /// <summary>A partner's log contradicts a head it signed before: the evidence is kept.</summary>
    public const string WitnessForkDetected = "witness.fork-detected";
    /// <summary>An operator looked at a fork's evidence and cleared it: the partner's log is witnessed again from its next checkpoint.</summary>
    public const string WitnessForkCleared = "witness.fork-cleared";
    /// <summary>The log refused to sign a checkpoint: its head contradicts a checkpoint it signed before.</summary>
    public const string CheckpointRefused = "checkpoint.refused";
    /// <summary>Entries of the older hash chain that do not hold were signed into the log because the operator accepted it.</summary>
    public const string AuditChainBreakAccepted = "audit.chain-break-accepted";
    /// <summary>A receipt a partner's acknowledgement carried that does not hold (signature, log, message or digest): not kept.</summary>
    public const string ReceiptRefused = "receipt.refused";
    /// <summary>An operator exported part of the log for an auditor.</summary>
    public const string AuditExported = "audit.exported";
}
