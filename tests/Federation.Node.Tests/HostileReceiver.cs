using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Federation.Contracts.V1;
using Federation.Transparency;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Logging;

namespace Federation.Node.Tests;

/// <summary>
/// A partner's peer server that is no Federation node: real Kestrel on 127.0.0.1 with mTLS, presenting a real node
/// certificate of its jurisdiction (so the sender's channel checks pass), acknowledging every envelope with the receipt
/// <see cref="Lie"/> makes of it. Only Deliver and GetCheckpoint (its log certificate, no checkpoint) are served, and, when
/// started with a <see cref="BatchLie"/> or a <see cref="HeadLie"/>, the handshake (selecting federation.v2) and DeliverBatch, answered as it says.
/// </summary>
public sealed class HostileReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private HostileReceiver(WebApplication app, string endpoint, ConcurrentQueue<string> received, ConcurrentQueue<(string, SignedEnvelope)> batched)
    {
        _app = app;
        Endpoint = endpoint;
        Received = received;
        Batched = batched;
    }

    /// <summary>What the receipt says, given the message id and the SHA-256 of the envelope's signed content.</summary>
    public delegate string Lie(string messageId, byte[] digest);

    /// <summary>The outcomes a DeliverBatch call is answered with, given the message ids it carried, in order.</summary>
    public delegate IEnumerable<DeliveryOutcome> BatchLie(IReadOnlyList<string> messageIds);

    /// <summary>
    /// The whole answer to a DeliverBatch call that asked for one receipt head, given the message ids and content
    /// digests it carried, in order: outcomes with log indices, and the head (or none).
    /// </summary>
    public delegate DeliverBatchResponse HeadLie(IReadOnlyList<(string MessageId, byte[] Digest)> sent);

    /// <summary>https://localhost:port, as the certificate names it.</summary>
    public string Endpoint { get; }

    /// <summary>The message ids of every envelope acknowledged, in order.</summary>
    public ConcurrentQueue<string> Received { get; }

    /// <summary>Every envelope of every DeliverBatch call answered with a head, with the call's protocol version, as it came.</summary>
    public ConcurrentQueue<(string ProtocolVersion, SignedEnvelope Envelope)> Batched { get; }

    /// <param name="certificate">The node certificate (with its key) it presents, and whose key signs its log.</param>
    /// <param name="lie">Makes the receipt each acknowledgement carries.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <param name="batchLie">When given, the server speaks federation.v2 and answers every DeliverBatch call with it.</param>
    /// <param name="headLie">When given, the server speaks federation.v2 and answers every DeliverBatch call that asks for a receipt head with it.</param>
    public static async Task<HostileReceiver> StartAsync(X509Certificate2 certificate, Lie lie, CancellationToken cancellationToken, BatchLie? batchLie = null, HeadLie? headLie = null)
    {
        var received = new ConcurrentQueue<string>();
        var batched = new ConcurrentQueue<(string, SignedEnvelope)>();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(new Behaviour(certificate.RawData, lie, received, batched, batchLie, headLie));
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, listen =>
        {
            listen.Protocols = HttpProtocols.Http2;
            listen.UseHttps(new HttpsConnectionAdapterOptions
            {
                ServerCertificate = certificate,
                // A hostile server does not care who calls; the sender's client certificate is taken unchecked.
                ClientCertificateMode = ClientCertificateMode.AllowCertificate,
                ClientCertificateValidation = (_, _, _) => true,
            });
        }));
        var app = builder.Build();
        app.MapGrpcService<Service>();
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new HostileReceiver(app, address.Replace("127.0.0.1", "localhost", StringComparison.Ordinal), received, batched);
    }

    /// <summary>A receipt in <paramref name="log"/>'s name, signed with <paramref name="key"/>, saying what the caller wants.</summary>
    public static string Receipt(string log, ECDsa key, long index, string messageId, byte[] digest) =>
        new NoteSigner(log, key).Sign(new LogReceipt(log, index, messageId, digest)).Format();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }

    private sealed record Behaviour(byte[] CertificateDer, Lie Lie, ConcurrentQueue<string> Received, ConcurrentQueue<(string, SignedEnvelope)> Batched, BatchLie? BatchLie, HeadLie? HeadLie);

    private sealed class Service(Behaviour behaviour) : Peer.PeerBase
    {
        public override Task<DeliveryAck> Deliver(DeliverRequest request, ServerCallContext context)
        {
            var content = request.Envelope.Content;
            var messageId = EnvelopeContent.Parser.ParseFrom(content).MessageId;
            behaviour.Received.Enqueue(messageId);
            return Task.FromResult(new DeliveryAck { MessageId = messageId, Receipt = behaviour.Lie(messageId, SHA256.HashData(content.Span)) });
        }

        public override Task<HandshakeResponse> Handshake(HandshakeRequest request, ServerCallContext context) =>
            behaviour.BatchLie is null && behaviour.HeadLie is null
                ? throw new RpcException(new Status(StatusCode.Unimplemented, "not served"))
                : Task.FromResult(new HandshakeResponse
                {
                    CalleeJurisdiction = "DE",
                    ProtocolVersions = { "federation.v1", "federation.v2" },
                    SelectedProtocolVersion = "federation.v2",
                    MaxEnvelopesPerCall = 64,
                });

        public override Task<DeliverBatchResponse> DeliverBatch(DeliverBatchRequest request, ServerCallContext context)
        {
            if (behaviour.HeadLie is not null && request.ReceiptHead)
            {
                var sent = request.Envelopes.Select(e => (EnvelopeContent.Parser.ParseFrom(e.Content).MessageId, SHA256.HashData(e.Content.Span))).ToList();
                foreach (var (id, _) in sent)
                {
                    behaviour.Received.Enqueue(id);
                }

                foreach (var envelope in request.Envelopes)
                {
                    behaviour.Batched.Enqueue((request.ProtocolVersion, envelope));
                }

                return Task.FromResult(behaviour.HeadLie(sent));
            }

            if (behaviour.BatchLie is null)
            {
                throw new RpcException(new Status(StatusCode.Unimplemented, "not served"));
            }

            var ids = request.Envelopes.Select(e => EnvelopeContent.Parser.ParseFrom(e.Content).MessageId).ToList();
            var response = new DeliverBatchResponse();
            response.Outcomes.AddRange(behaviour.BatchLie(ids));
            return Task.FromResult(response);
        }

        // The sender asks for this when a receipt's key is not the one the handshake showed: it gets the true certificate.
        public override Task<CheckpointResponse> GetCheckpoint(GetCheckpointRequest request, ServerCallContext context) =>
            Task.FromResult(new CheckpointResponse { LogCertificate = ByteString.CopyFrom(behaviour.CertificateDer) });
    }
}
