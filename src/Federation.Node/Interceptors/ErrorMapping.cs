using Federation.Core;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Status = Google.Rpc.Status;
using WireReason = Federation.Contracts.V1.ErrorReason;

namespace Federation.Node.Interceptors;

/// <summary>
/// The one place where domain error codes become gRPC statuses and ErrorInfo reasons. The reason is
/// the name of a value of the proto's <c>ErrorReason</c> (errors.proto documents each with its status),
/// taken from the generated descriptor, so renaming a C# member can never change what partners match on.
/// </summary>
public static class ErrorMapping
{
    public const string Domain = "federation.v1";

    public static StatusCode ToStatusCode(ErrorCode code) => code switch
    {
        ErrorCode.InvalidArgument or ErrorCode.SignatureInvalid => StatusCode.InvalidArgument,
        ErrorCode.NotFound => StatusCode.NotFound,
        ErrorCode.AlreadyExists or ErrorCode.ReplayConflict => StatusCode.AlreadyExists,
        ErrorCode.PermissionDenied or ErrorCode.SignerNotTrusted or ErrorCode.NotAParty or ErrorCode.PartnerSuspended => StatusCode.PermissionDenied,
        ErrorCode.Unauthenticated => StatusCode.Unauthenticated,
        ErrorCode.FailedPrecondition or ErrorCode.TreatyFieldNotAllowed or ErrorCode.StaleEnvelope or ErrorCode.ProtocolVersionUnsupported => StatusCode.FailedPrecondition,
        ErrorCode.ResourceExhausted => StatusCode.ResourceExhausted,
        ErrorCode.Unavailable => StatusCode.Unavailable,
        ErrorCode.Conflict => StatusCode.Aborted,
        ErrorCode.Internal => StatusCode.Internal,
        _ => StatusCode.Unknown,
    };

    public static WireReason ToWire(ErrorCode code) => code switch
    {
        ErrorCode.InvalidArgument => WireReason.InvalidArgument,
        ErrorCode.NotFound => WireReason.NotFound,
        ErrorCode.AlreadyExists => WireReason.AlreadyExists,
        ErrorCode.PermissionDenied => WireReason.PermissionDenied,
        ErrorCode.Unauthenticated => WireReason.Unauthenticated,
        ErrorCode.FailedPrecondition => WireReason.FailedPrecondition,
        ErrorCode.ResourceExhausted => WireReason.ResourceExhausted,
        ErrorCode.Unavailable => WireReason.Unavailable,
        ErrorCode.TreatyFieldNotAllowed => WireReason.TreatyFieldNotAllowed,
        ErrorCode.SignatureInvalid => WireReason.SignatureInvalid,
        ErrorCode.SignerNotTrusted => WireReason.SignerNotTrusted,
        ErrorCode.NotAParty => WireReason.NotAParty,
        ErrorCode.ReplayConflict => WireReason.ReplayConflict,
        ErrorCode.StaleEnvelope => WireReason.StaleEnvelope,
        ErrorCode.Conflict => WireReason.Conflict,
        ErrorCode.ProtocolVersionUnsupported => WireReason.ProtocolVersionUnsupported,
        ErrorCode.Internal => WireReason.Internal,
        ErrorCode.PartnerSuspended => WireReason.PartnerSuspended,
        _ => WireReason.Unspecified,
    };

    /// <summary>The ErrorInfo reason, e.g. TREATY_FIELD_NOT_ALLOWED: the proto name of the value.</summary>
    public static string Reason(ErrorCode code) => Reasons.FindValueByNumber((int)ToWire(code)).Name;

    private static readonly Google.Protobuf.Reflection.EnumDescriptor Reasons =
        Federation.Contracts.V1.ErrorsReflection.Descriptor.EnumTypes.Single(e => e.Name == "ErrorReason");

    public static RpcException ToRpcException(FederationException ex) => ToStatus(ex).ToRpcException();

    /// <summary>
    /// The rich status of a refusal: its ErrorInfo and, when the caller should come back after a while (a limit it went
    /// past), a google.rpc.RetryInfo with that delay, which our own dispatcher honours without counting a failed attempt.
    /// </summary>
    public static Status ToStatus(FederationException ex, TimeSpan? retryDelay = null)
    {
        var info = new ErrorInfo { Reason = Reason(ex.Code), Domain = Domain };
        if (ex.Field is not null)
        {
            info.Metadata["field"] = BoundedText.Of(ex.Field, 200);
        }

        var status = new Status
        {
            Code = (int)ToStatusCode(ex.Code),
            // The message may quote what a partner sent: escaped and capped, so a trailer stays readable.
            Message = BoundedText.Of(ex.Message, BoundedText.StatusMessage),
            Details = { Any.Pack(info) },
        };
        if (retryDelay is { } delay)
        {
            status.Details.Add(Any.Pack(new RetryInfo { RetryDelay = Duration.FromTimeSpan(delay) }));
        }

        return status;
    }
}
