using Google.Protobuf;
using Grpc.Core;

namespace Federation.Node.Grpc;

/// <summary>
/// Request marshallers for the peer service that turn bytes which are not the expected protobuf message into
/// INVALID_ARGUMENT, instead of the UNKNOWN and the logged stack trace a parse exception becomes inside grpc-dotnet.
/// The refusal is noted on the request, so the gate audits it with the caller's identity once the call ends.
/// </summary>
public static class UndecodableMessage
{
    /// <summary>HttpContext item: the parse error of a request that could not be decoded.</summary>
    public const string ItemKey = "federation.undecodable";

    public static Marshaller<T> Marshaller<T>(Marshaller<T> generated, MessageParser<T> parser, IHttpContextAccessor accessor)
        where T : IMessage<T> =>
        Marshallers.Create(generated.ContextualSerializer, context =>
        {
            try
            {
                return parser.ParseFrom(context.PayloadAsReadOnlySequence());
            }
            catch (InvalidProtocolBufferException ex)
            {
                var detail = $"The request is not a valid {typeof(T).Name} protobuf message: {ex.Message}";
                if (accessor.HttpContext is { } http)
                {
                    http.Items[ItemKey] = ex.Message;
                }

                throw new RpcException(new Status(StatusCode.InvalidArgument, detail));
            }
        });
}
