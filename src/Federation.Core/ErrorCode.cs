namespace Federation.Core;

/// <summary>
/// Stable error codes of the domain. The transport maps each to one gRPC status in one place;
/// the name travels as the ErrorInfo reason so that a partner's tooling can act on it.
/// </summary>
public enum ErrorCode
{
    InvalidArgument,
    NotFound,
    AlreadyExists,
    PermissionDenied,
    Unauthenticated,
    FailedPrecondition,
    ResourceExhausted,
    Unavailable,
    TreatyFieldNotAllowed,
    SignatureInvalid,
    SignerNotTrusted,
    NotAParty,
    ReplayConflict,
    StaleEnvelope,
    /// <summary>Someone else changed the record at the same moment: retry with the current state.</summary>
    Conflict,
    /// <summary>The caller speaks a protocol version this node does not.</summary>
    ProtocolVersionUnsupported,
    /// <summary>A fault of this node, never of the request.</summary>
    Internal,
    /// <summary>This node's operators suspended the caller: nothing of it is accepted until they resume it.</summary>
    PartnerSuspended,
}
