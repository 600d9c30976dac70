using System.Diagnostics;
using Federation.Benchmarks.Echo;
using Federation.Contracts.V1;
using Grpc.Core;
using Grpc.Net.Client;

namespace Federation.Benchmarks;

/// <summary>
/// One round of the stream echo baseline: the same envelopes as the unary echo, on one bidirectional stream opened inside
/// the clock, in batches of <c>batchSize</c>, at most <c>inFlight</c> envelopes unacknowledged (the unary echo's calls in
/// flight, so both baselines keep as many envelopes on the wire), each batch acknowledged by one ack.
/// </summary>
internal static class StreamEchoRound
{
    /// <summary>Envelopes per batch unless --stream-batch says otherwise: 64 in flight are then 4 batches, so the client
    /// writes the next batch while three are still out rather than waiting for each ack (a window of one batch would be
    /// stop-and-wait, a baseline slower than the stream can be).</summary>
    public const int DefaultBatchSize = 16;

    /// <summary>The batch size of <c>--stream-batch</c>, at most the envelopes in flight.</summary>
    public static int BatchSize(string[] args, int inFlight) => Math.Min(ShareLoad.Arg(args, "--stream-batch", DefaultBatchSize), inFlight);

    /// <summary>Envelopes acknowledged per second.</summary>
    public static async Task<double> RunAsync(GrpcChannel channel, SignedEnvelope envelope, int messages, int inFlight, int batchSize, CancellationToken cancellationToken)
    {
        var client = new EchoStream.EchoStreamClient(channel);
        await StreamAsync(client, envelope, batchSize, inFlight, batchSize, cancellationToken); // connect and warm up outside the clock
        ShareLoad.SettleHeap();
        var stopwatch = Stopwatch.StartNew();
        await StreamAsync(client, envelope, messages, inFlight, batchSize, cancellationToken);
        return messages / stopwatch.Elapsed.TotalSeconds;
    }

    private static async Task StreamAsync(EchoStream.EchoStreamClient client, SignedEnvelope envelope, int messages, int inFlight, int batchSize, CancellationToken cancellationToken)
    {
        // A failed read ends the writes too, rather than leaving the writer waiting for a slot no ack will free.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var call = client.Stream(cancellationToken: stop.Token);
        // A slot per batch in the window; an ack frees one.
        using var window = new SemaphoreSlim(Math.Max(1, inFlight / batchSize));
        var acked = 0L;
        var reader = Task.Run(async () =>
        {
            try
            {
                await foreach (var ack in call.ResponseStream.ReadAllAsync(stop.Token))
                {
                    acked += ack.Count;
                    window.Release();
                }
            }
            catch
            {
                await stop.CancelAsync();
                throw;
            }
        }, CancellationToken.None);
        var sequence = 0UL;
        try
        {
            for (var sent = 0; sent < messages;)
            {
                await window.WaitAsync(stop.Token);
                var batch = new StreamBatch { Sequence = ++sequence };
                var count = Math.Min(batchSize, messages - sent);
                for (var i = 0; i < count; i++)
                {
                    batch.Envelopes.Add(envelope);
                }

                await call.RequestStream.WriteAsync(batch, stop.Token);
                sent += count;
            }
        }
        catch (OperationCanceledException) when (reader.IsFaulted)
        {
            await reader; // throws what the read met
        }

        await call.RequestStream.CompleteAsync();
        await reader;
        if (acked != messages)
        {
            throw new InvalidOperationException($"The stream echo acknowledged {acked} of {messages} envelopes.");
        }
    }
}
