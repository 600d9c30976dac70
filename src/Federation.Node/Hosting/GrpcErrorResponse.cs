using Grpc.Core;

namespace Federation.Node.Hosting;

/// <summary>A trailers-only gRPC error written by middleware, before any service is reached.</summary>
public static class GrpcErrorResponse
{
    public static Task WriteAsync(HttpContext context, StatusCode code, string message)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/grpc";
        context.Response.Headers["grpc-status"] = ((int)code).ToString(System.Globalization.CultureInfo.InvariantCulture);
        context.Response.Headers["grpc-message"] = Uri.EscapeDataString(message);
        return Task.CompletedTask;
    }

    /// <summary>As above, with the rich status (ErrorInfo, RetryInfo) a client reads with <c>GetRpcStatus()</c>.</summary>
    public static Task WriteAsync(HttpContext context, Google.Rpc.Status status)
    {
        context.Response.Headers["grpc-status-details-bin"] = Convert.ToBase64String(Google.Protobuf.MessageExtensions.ToByteArray(status));
        return WriteAsync(context, (StatusCode)status.Code, status.Message);
    }
}
