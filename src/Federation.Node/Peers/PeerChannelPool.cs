using System.Collections.Concurrent;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Federation.Core;
using Federation.Core.Identity;
using Federation.Node.Hosting;
using Federation.Node.Security;
using Grpc.Net.Client;

namespace Federation.Node.Peers;

/// <summary>
/// One long-lived mTLS channel per partner: a new connection costs far more than a call, so
/// channels are kept and reused. The partner's server certificate must chain to the anchor pinned
/// for that partner and name it; the operating system's store is never consulted.
/// </summary>
public sealed class PeerChannelPool(NodeRuntime runtime, PeerDirectory directory, PeerCertificateValidator validator, TimeProvider timeProvider) : IDisposable
{
    private readonly ConcurrentDictionary<string, (string Endpoint, GrpcChannel Channel)> _channels = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public GrpcChannel ChannelFor(JurisdictionCode partner)
    {
        var endpoint = directory.EndpointOf(partner)
                       ?? throw new FederationException(ErrorCode.FailedPrecondition,
                           $"No endpoint is known for {partner}: set Federation:Partners:{partner}:Endpoint or run 'fedctl peer set {partner} --endpoint URL'.", "partner");
        if (_channels.TryGetValue(partner.Value, out var existing) && existing.Endpoint == endpoint)
        {
            return existing.Channel;
        }

        lock (_gate)
        {
            if (_channels.TryGetValue(partner.Value, out existing) && existing.Endpoint == endpoint)
            {
                return existing.Channel;
            }

            var channel = Create(partner, endpoint);
            _channels[partner.Value] = (endpoint, channel);
            existing.Channel?.Dispose();
            return channel;
        }
    }

    private GrpcChannel Create(JurisdictionCode partner, string endpoint)
    {
        var anchors = runtime.Anchors.ByJurisdiction.TryGetValue(partner, out var pinned)
            ? pinned
            : throw new FederationException(ErrorCode.FailedPrecondition, $"No trust anchor is pinned for {partner}.", "partner");
        var chainPolicy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            RevocationMode = X509RevocationMode.NoCheck,
        };
        chainPolicy.CustomTrustStore.AddRange(anchors.ToArray());

        var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                ClientCertificates = [runtime.Certificate],
                CertificateChainPolicy = chainPolicy,
                EnabledSslProtocols = TlsPolicy.Protocols,
                CipherSuitesPolicy = TlsPolicy.CipherSuites,
                // Identity is the pinned jurisdiction, not the DNS name: check who the certificate speaks for.
                RemoteCertificateValidationCallback = (_, certificate, _, _) => IsPartner(certificate, partner),
            },
            EnableMultipleHttp2Connections = true,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(30),
            KeepAlivePingDelay = TimeSpan.FromSeconds(60),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(20),
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
        };
        return GrpcChannel.ForAddress(endpoint, new GrpcChannelOptions
        {
            HttpHandler = handler,
            MaxReceiveMessageSize = runtime.Options.MaxMessageBytes,
            MaxSendMessageSize = runtime.Options.MaxMessageBytes,
            DisposeHttpClient = true,
        });
    }

    private bool IsPartner(X509Certificate? certificate, JurisdictionCode partner)
    {
        if (certificate is not X509Certificate2 certificate2)
        {
            return false;
        }

        try
        {
            return validator.Validate(certificate2, timeProvider.GetUtcNow(), role: CertificateRole.Server).Jurisdiction == partner;
        }
        catch (FederationException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        foreach (var (_, channel) in _channels.Values)
        {
            channel.Dispose();
        }
    }
}
