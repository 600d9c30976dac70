using Federation.Benchmarks.Echo;
using Grpc.Core;

namespace Federation.Benchmarks;

/// <summary>
/// The stream echo (issue 13's second baseline): each batch read is acknowledged at once with one <see cref="StreamAck"/>;
/// no gate, no verification, no store, as <see cref="EchoServer"/>'s unary echo answers each call.
/// </summary>
internal sealed class EchoStreamService : EchoStream.EchoStreamBase
{
    public override async Task Stream(IAsyncStreamReader<StreamBatch> requestStream, IServerStreamWriter<StreamAck> responseStream, ServerCallContext context)
    {
        await foreach (var batch in requestStream.ReadAllAsync(context.CancellationToken))
        {
            await responseStream.WriteAsync(new StreamAck { Sequence = batch.Sequence, Count = (uint)batch.Envelopes.Count }, context.CancellationToken);
        }
    }
}
