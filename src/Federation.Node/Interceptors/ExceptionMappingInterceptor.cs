using Federation.Core;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Federation.Node.Interceptors;

/// <summary>
/// Turns domain errors into precise statuses and anything unexpected into INTERNAL with a
/// correlation id; the exception itself (which may quote data) stays in the node's own log.
/// Awaits the continuation inside the try, so errors of async handlers are caught too.
/// </summary>
public sealed partial class ExceptionMappingInterceptor(
    Federation.Storage.Errors.StoreErrorTranslator storeErrors, ILogger<ExceptionMappingInterceptor> logger) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (Exception ex) when (ex is not RpcException)
        {
            throw Map(ex, context);
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context);
        }
        catch (Exception ex) when (ex is not RpcException)
        {
            throw Map(ex, context);
        }
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(requestStream, context);
        }
        catch (Exception ex) when (ex is not RpcException)
        {
            throw Map(ex, context);
        }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(requestStream, responseStream, context);
        }
        catch (Exception ex) when (ex is not RpcException)
        {
            throw Map(ex, context);
        }
    }

    private RpcException Map(Exception ex, ServerCallContext context)
    {
        switch (ex)
        {
            case FederationException { Code: ErrorCode.Internal } defect:
                // A defect of this node (e.g. the store refused an incomplete record): operators must see it.
                LogStoreFailed(logger, defect, context.Method);
                return ErrorMapping.ToRpcException(defect);
            case FederationException domain:
                LogRefused(logger, context.Method, ErrorMapping.Reason(domain.Code), domain.Field is null ? "-" : BoundedText.Of(domain.Field, 200));
                return ErrorMapping.ToRpcException(domain);
            case var _ when storeErrors.TryTranslate(ex) is { } store:
                // A read that failed in the store (a write is translated where it commits): still the right status.
                LogStoreFailed(logger, ex, context.Method);
                return ErrorMapping.ToRpcException(store);
            case OperationCanceledException when context.CancellationToken.IsCancellationRequested:
                return new RpcException(new Status(StatusCode.Cancelled, "The call was cancelled."));
            default:
                var id = Guid.NewGuid().ToString("N")[..12];
                LogUnexpected(logger, ex, context.Method, id);
                return new RpcException(new Status(StatusCode.Internal, $"The node failed unexpectedly; quote error id {id} to its operators."));
        }
    }

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Refused {Method}: {Reason} (field {Field})")]
    private static partial void LogRefused(ILogger logger, string method, string reason, string field);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Error, Message = "The store failed in {Method}")]
    private static partial void LogStoreFailed(ILogger logger, Exception exception, string method);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Error, Message = "Unexpected failure in {Method}, error id {ErrorId}")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string method, string errorId);
}
