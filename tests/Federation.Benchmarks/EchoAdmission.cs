using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Federation.Contracts.V1;
using Federation.Node.Security;
using Federation.Testing;
using Grpc.Core;
using Grpc.Net.Client;

namespace Federation.Benchmarks;

/// <summary>
/// Checked at the start of every load run: the echo server refuses what a node's peer port refuses at the handshake (a
/// client certificate that does not chain to the anchors, or none), so its figures are those of the same mTLS setup and
/// not of an open door. A run whose echo accepted a stranger stops here.
/// </summary>
internal static class EchoAdmission
{
    /// <summary>Throws unless both strangers are refused; returns the line to print.</summary>
    public static async Task<string> CheckAsync(string address, IEnumerable<X509Certificate2> anchors, CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow;
        // JP is no party to the load: its CA is among no anchors of the run.
        using var strangerCa = CertificateFactory.CreateCa("JP", now.AddDays(-1), now.AddDays(1));
        using var stranger = CertificateFactory.CreateNode(strangerCa, "JP", now.AddDays(-1), now.AddDays(1));
        var trusted = anchors.ToArray();
        var unknownCa = await RefusalAsync(address, stranger, trusted, cancellationToken);
        var none = await RefusalAsync(address, null, trusted, cancellationToken);
        return $"Echo server refuses a client certificate of an unknown CA ({unknownCa}) and a client without one ({none})";
    }

    private static async Task<StatusCode> RefusalAsync(string address, X509Certificate2? certificate, X509Certificate2[] anchors, CancellationToken cancellationToken)
    {
        using var channel = certificate is null ? AnonymousChannel(address, anchors) : ShareLoad.PeerLikeChannel(address, certificate, anchors);
        try
        {
            await new Peer.PeerClient(channel).DeliverAsync(new SignedEnvelope(), deadline: DateTime.UtcNow.AddSeconds(10), cancellationToken: cancellationToken);
        }
        catch (RpcException refused) when (refused.StatusCode != StatusCode.DeadlineExceeded)
        {
            return refused.StatusCode;
        }

        throw new InvalidOperationException(
            $"The echo server answered a client {(certificate is null ? "without a certificate" : "whose certificate chains to no anchor")}: it must refuse it as a node does.");
    }

    /// <summary>As <see cref="ShareLoad.PeerLikeChannel(string, X509Certificate2, IEnumerable{X509Certificate2})"/>, without a client certificate.</summary>
    private static GrpcChannel AnonymousChannel(string address, X509Certificate2[] anchors)
    {
        var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
        policy.CustomTrustStore.AddRange(anchors);
        return GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler
            {
                SslOptions = new SslClientAuthenticationOptions
                {
                    CertificateChainPolicy = policy,
                    RemoteCertificateValidationCallback = (_, _, _, errors) => errors is SslPolicyErrors.None or SslPolicyErrors.RemoteCertificateNameMismatch,
                },
            },
        });
    }
}
