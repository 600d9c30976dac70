using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Federation.Contracts.V1;
using Federation.Node.Security;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Federation.Benchmarks;

/// <summary>
/// The baselines: a bare gRPC service with the same messages over the same mTLS setup (same
/// certificates, same pinned chain policy, a client certificate required), answering at once: no gate, no verification,
/// no store. It serves the unary echo (the product's Peer.Deliver) and the stream echo (<see cref="EchoStreamService"/>).
/// </summary>
internal sealed class EchoServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private EchoServer(WebApplication app, string address)
    {
        _app = app;
        Address = address;
    }

    public string Address { get; }

    /// <param name="serverCertificate">The certificate the echo presents.</param>
    /// <param name="anchors">The roots client certificates must chain to.</param>
    /// <param name="streamed">What <c>Pull</c> streams, <c>max</c> times (the catch-up baseline); none: Pull streams nothing.</param>
    public static async Task<EchoServer> StartAsync(X509Certificate2 serverCertificate, X509Certificate2Collection anchors, SignedEnvelope? streamed = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(new Streamed(streamed ?? new SignedEnvelope()));
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, listen =>
        {
            listen.Protocols = HttpProtocols.Http2;
            listen.UseHttps(new HttpsConnectionAdapterOptions
            {
                ServerCertificate = serverCertificate,
                SslProtocols = TlsPolicy.Protocols,
                // As a node's peer port: no connection without a client certificate that chains to the anchors. The chain is
                // the one TLS already built under the pinned policy below, once per connection (the load's calls share a few
                // connections), so refusing costs the baseline nothing per call. The node checks more at its gate (the
                // certificate's jurisdiction, revocation); those are per-certificate lookups it caches, not a per-call cost.
                ClientCertificateMode = ClientCertificateMode.RequireCertificate,
                ClientCertificateValidation = (_, _, errors) => errors == SslPolicyErrors.None,
                OnAuthenticate = (_, ssl) =>
                {
                    var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
                    policy.CustomTrustStore.AddRange(anchors);
                    ssl.CertificateChainPolicy = policy;
                    ssl.CipherSuitesPolicy = TlsPolicy.CipherSuites;
                },
            });
        }));
        var app = builder.Build();
        app.MapGrpcService<EchoPeer>();
        app.MapGrpcService<EchoStreamService>();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new EchoServer(app, address.Replace("127.0.0.1", "localhost", StringComparison.Ordinal));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private sealed record Streamed(SignedEnvelope Envelope);

    private sealed class EchoPeer(Streamed streamed) : Peer.PeerBase
    {
        private const int BatchSize = 256;

        public override Task<DeliveryAck> Deliver(DeliverRequest request, ServerCallContext context) =>
            Task.FromResult(new DeliveryAck { MessageId = "echo", Duplicate = false });

        /// <summary>The same envelope, <c>max</c> times, in batches as the node serves them: no store, no log, no re-sealing.</summary>
        public override async Task Pull(PullRequest request, IServerStreamWriter<PullBatch> responseStream, ServerCallContext context)
        {
            var sent = 0L;
            while (sent < request.Max)
            {
                var batch = new PullBatch { HighWater = request.Max };
                for (var i = 0; i < BatchSize && sent < request.Max; i++)
                {
                    batch.Envelopes.Add(new PulledEnvelope { Sequence = ++sent, Envelope = streamed.Envelope });
                }

                batch.ThroughSequence = sent;
                await responseStream.WriteAsync(batch, context.CancellationToken);
            }
        }
    }
}
