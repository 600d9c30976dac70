using System.Text;
using Federation.Core;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Status = Google.Rpc.Status;

namespace Federation.Node.Interceptors;

/// <summary>The one place where domain error codes become gRPC statuses.</summary>
public static class ErrorMapping
{
    public const string Domain = "federation.v1";

    public static StatusCode ToStatusCode(ErrorCode code) => code switch
    {
        ErrorCode.InvalidArgument or ErrorCode.SignatureInvalid => StatusCode.InvalidArgument,
        ErrorCode.NotFound => StatusCode.NotFound,
        ErrorCode.AlreadyExists or ErrorCode.ReplayConflict => StatusCode.AlreadyExists,
        ErrorCode.PermissionDenied or ErrorCode.SignerNotTrusted or ErrorCode.NotAParty => StatusCode.PermissionDenied,
        ErrorCode.Unauthenticated => StatusCode.Unauthenticated,
        ErrorCode.FailedPrecondition or ErrorCode.TreatyFieldNotAllowed or ErrorCode.StaleEnvelope => StatusCode.FailedPrecondition,
        ErrorCode.ResourceExhausted => StatusCode.ResourceExhausted,
        ErrorCode.Unavailable => StatusCode.Unavailable,
        ErrorCode.Conflict => StatusCode.Aborted,
        ErrorCode.Internal => StatusCode.Internal,
        _ => StatusCode.Unknown,
    };

    /// <summary>TREATY_FIELD_NOT_ALLOWED from TreatyFieldNotAllowed: the ErrorInfo reason partners' tools match on.</summary>
    public static string Reason(ErrorCode code)
    {
        var name = code.ToString();
        var builder = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i]))
            {
                builder.Append('_');
            }

            builder.Append(char.ToUpperInvariant(name[i]));
        }

        return builder.ToString();
    }

    public static RpcException ToRpcException(FederationException ex)
    {
        var info = new ErrorInfo { Reason = Reason(ex.Code), Domain = Domain };
        if (ex.Field is not null)
        {
            info.Metadata["field"] = ex.Field;
        }

        var status = new Status
        {
            Code = (int)ToStatusCode(ex.Code),
            Message = ex.Message,
            Details = { Any.Pack(info) },
        };
        return status.ToRpcException();
    }
}
