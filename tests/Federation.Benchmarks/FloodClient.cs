using System.Security.Cryptography.X509Certificates;
using Federation.Contracts.V1;
using Federation.Testing;
using Grpc.Core;

namespace Federation.Benchmarks;

/// <summary>
/// DE's flooding client, as a hostile partner runs it: its own process (on its own CPU, see <see cref="FloodClientProcess"/>),
/// with DE's certificate, key and anchors read from PEM files and envelopes sealed beforehand by DE's node. It connects,
/// warms up and says "ready"; floods from each "start" to the next "stop" on its standard input, printing "admitted A refused R
/// failed F" after each, and exits when its input closes (the benchmark is done, or gone).
/// Usage (hidden verb, started by <c>flood</c>): flood-client --target URL --cert PEM --key PEM --anchors PEM --envelopes FILE [--flooders C]
/// </summary>
internal static class FloodClient
{
    public const string Ready = "ready";
    public const string Start = "start";
    public const string Stop = "stop";

    public static async Task<int> RunAsync(string[] args)
    {
        var target = Text(args, "--target");
        var flooders = ShareLoad.Arg(args, "--flooders", 256);
        using var certificate = X509Certificate2.CreateFromPemFile(Text(args, "--cert"), Text(args, "--key"));
        var anchors = new X509Certificate2Collection();
        anchors.ImportFromPemFile(Text(args, "--anchors"));
        var envelopes = ReadEnvelopes(Text(args, "--envelopes"));

        using var channel = ShareLoad.PeerLikeChannel(target, certificate, anchors);
        var client = new Peer.PeerClient(channel);
        await client.DeliverAsync(envelopes[^1]); // connect and warm up before the parent's clock runs
        Console.WriteLine(Ready);

        // Null when the parent closed our input: it is gone, and so are we.
        while (await Console.In.ReadLineAsync() == Start)
        {
            using var stop = new CancellationTokenSource();
            var flood = FloodAsync(client, envelopes, flooders, stop.Token);
            var next = await Console.In.ReadLineAsync(); // "stop", or null as above
            await stop.CancelAsync();
            var counts = await flood;
            Console.WriteLine($"admitted {counts.Admitted} refused {counts.Refused} failed {counts.Failed}");
            if (next is null)
            {
                break;
            }
        }

        return 0;
    }

    /// <summary>
    /// <paramref name="flooders"/> callers, each delivering the next envelope as soon as its last call ended, whatever FR
    /// answered (RetryInfo ignored, a broken connection dialled again at once), until <paramref name="stop"/>.
    /// </summary>
    public static async Task<FloodCounts> FloodAsync(Peer.PeerClient client, IReadOnlyList<SignedEnvelope> envelopes, int flooders, CancellationToken stop)
    {
        long admitted = 0;
        long refused = 0;
        long failed = 0;
        await Task.WhenAll(Enumerable.Range(0, flooders).Select(async i =>
        {
            var n = i;
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    await client.DeliverAsync(envelopes[n++ % envelopes.Count], cancellationToken: stop);
                    Interlocked.Increment(ref admitted);
                }
                catch (RpcException ex) when (ex.StatusCode == StatusCode.ResourceExhausted)
                {
                    Interlocked.Increment(ref refused);
                }
                catch (RpcException) when (stop.IsCancellationRequested)
                {
                    return;
                }
                catch (RpcException)
                {
                    Interlocked.Increment(ref failed);
                }
            }
        }));
        return new FloodCounts(admitted, refused, failed);
    }

    /// <summary>Length-delimited envelopes, as <see cref="FloodClientProcess"/> writes them.</summary>
    public static List<SignedEnvelope> ReadEnvelopes(string path)
    {
        using var file = File.OpenRead(path);
        var envelopes = new List<SignedEnvelope>();
        while (file.Position < file.Length)
        {
            envelopes.Add(SignedEnvelope.Parser.ParseDelimitedFrom(file));
        }

        return envelopes;
    }

    private static string Text(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : throw new ArgumentException($"flood-client needs {name}.");
    }
}
