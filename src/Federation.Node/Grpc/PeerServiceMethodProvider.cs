using System.Reflection;
using Federation.Contracts.V1;
using Google.Protobuf;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;

namespace Federation.Node.Grpc;

/// <summary>
/// Binds the peer contract (every method of <see cref="Peer"/>, as generated) to <see cref="PeerGrpcService"/> with
/// request marshallers that refuse undecodable bytes as INVALID_ARGUMENT (<see cref="UndecodableMessage"/>). The
/// service does not derive from the generated base, so grpc-dotnet's own binder adds nothing twice.
/// </summary>
public sealed class PeerServiceMethodProvider(IHttpContextAccessor accessor) : IServiceMethodProvider<PeerGrpcService>
{
    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<PeerGrpcService> context) =>
        Peer.BindService(new Binder(context, accessor), null!);

    private sealed class Binder(ServiceMethodProviderContext<PeerGrpcService> context, IHttpContextAccessor accessor) : ServiceBinderBase
    {
        private static readonly MethodInfo BindUnaryMethod = typeof(Binder).GetMethod(nameof(BindUnary), BindingFlags.NonPublic | BindingFlags.Instance)!;
        private static readonly MethodInfo BindServerStreamingMethod = typeof(Binder).GetMethod(nameof(BindServerStreaming), BindingFlags.NonPublic | BindingFlags.Instance)!;

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, UnaryServerMethod<TRequest, TResponse>? handler) =>
            BindUnaryMethod.MakeGenericMethod(typeof(TRequest), typeof(TResponse)).Invoke(this, [method]);

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ServerStreamingServerMethod<TRequest, TResponse>? handler) =>
            BindServerStreamingMethod.MakeGenericMethod(typeof(TRequest), typeof(TResponse)).Invoke(this, [method]);

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ClientStreamingServerMethod<TRequest, TResponse>? handler) =>
            throw new NotSupportedException($"{method.FullName}: streaming peer methods need a binding here.");

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, DuplexStreamingServerMethod<TRequest, TResponse>? handler) =>
            throw new NotSupportedException($"{method.FullName}: streaming peer methods need a binding here.");

        private void BindUnary<TRequest, TResponse>(Method<TRequest, TResponse> method)
            where TRequest : class, IMessage<TRequest>, new()
            where TResponse : class
        {
            var target = typeof(PeerGrpcService).GetMethod(method.Name, [typeof(TRequest), typeof(ServerCallContext)])
                ?? throw new InvalidOperationException($"PeerGrpcService has no method {method.Name}({typeof(TRequest).Name}, ServerCallContext) for {method.FullName}.");
            var invoker = (UnaryServerMethod<PeerGrpcService, TRequest, TResponse>)Delegate.CreateDelegate(
                typeof(UnaryServerMethod<PeerGrpcService, TRequest, TResponse>), target);
            context.AddUnaryMethod(Tolerant(method), [], invoker);
        }

        private void BindServerStreaming<TRequest, TResponse>(Method<TRequest, TResponse> method)
            where TRequest : class, IMessage<TRequest>, new()
            where TResponse : class
        {
            var target = typeof(PeerGrpcService).GetMethod(method.Name, [typeof(TRequest), typeof(IServerStreamWriter<TResponse>), typeof(ServerCallContext)])
                ?? throw new InvalidOperationException($"PeerGrpcService has no method {method.Name}({typeof(TRequest).Name}, IServerStreamWriter, ServerCallContext) for {method.FullName}.");
            var invoker = (ServerStreamingServerMethod<PeerGrpcService, TRequest, TResponse>)Delegate.CreateDelegate(
                typeof(ServerStreamingServerMethod<PeerGrpcService, TRequest, TResponse>), target);
            context.AddServerStreamingMethod(Tolerant(method), [], invoker);
        }

        private Method<TRequest, TResponse> Tolerant<TRequest, TResponse>(Method<TRequest, TResponse> method)
            where TRequest : class, IMessage<TRequest>, new()
            where TResponse : class =>
            new(method.Type, method.ServiceName, method.Name,
                UndecodableMessage.Marshaller(method.RequestMarshaller, new MessageParser<TRequest>(() => new TRequest()), accessor), method.ResponseMarshaller);
    }
}
