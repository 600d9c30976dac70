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
public sealed class PeerChannelPool : IDisposable
{
    private readonly ConcurrentDictionary<string, (string Endpoint, GrpcChannel Channel)> _channels = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly NodeRuntime runtime;
    private readonly PeerDirectory directory;
    private readonly PeerCertificateValidator validator;
    private readonly TimeProvider timeProvider;
    private readonly NodeIdentity identity;
    private readonly Transparency.PartnerLogKeys logKeys;
    private long _builtUnder;
    private readonly List<GrpcChannel> _retired = [];

    public PeerChannelPool(NodeRuntime runtime, PeerDirectory directory, PeerCertificateValidator validator, TimeProvider timeProvider, NodeIdentity identity, Transparency.PartnerLogKeys logKeys)
    {
        this.logKeys = logKeys;
        this.runtime = runtime;
        this.directory = directory;
        this.validator = validator;
        this.timeProvider = timeProvider;
        this.identity = identity;
        _builtUnder = validator.RevocationGeneration;
        identity.Rotated += _ => Retire();
    }

    /// <summary>
    /// After a rotation, channels made with the old certificate are dropped so the next call connects with the new one.
    /// They are disposed a minute later, not at once: a call already on one finishes instead of failing.
    /// </summary>
    private void Retire()
    {
        List<GrpcChannel> retired;
        lock (_gate)
        {
            retired = [.. _channels.Values.Select(c => c.Channel)];
            _channels.Clear();
        }

        lock (_retired)
        {
            _retired.AddRange(retired);
        }

        // On the machine's clock, not the node's (a test's fake clock would never get there).
        _ = Task.Delay(TimeSpan.FromMinutes(1), TimeProvider.System).ContinueWith(_ =>
        {
            lock (_retired)
            {
                retired.ForEach(c => _retired.Remove(c));
            }

            retired.ForEach(c => c.Dispose());
        }, TaskScheduler.Default);
    }

    /// <param name="partner">Whose server is dialled.</param>
    /// <param name="acceptStaleRevocationList">
    /// For fetching the partner's revocation list only: a channel of its own, on which the partner's server certificate is
    /// not refused because our list of it is past its next update (the fetch is what brings the fresh one); a revoked or
    /// otherwise bad certificate still is.
    /// </param>
    public GrpcChannel ChannelFor(JurisdictionCode partner, bool acceptStaleRevocationList = false)
    {
        // A partner server is judged at the TLS handshake only, and pooled HTTP/2 connections live long: when a
        // revocation list changes, every channel made under the old one is retired so the next call connects, and is
        // judged, again. (A review finding: a revoked partner server kept receiving our summaries.)
        var generation = validator.RevocationGeneration;
        if (generation != Volatile.Read(ref _builtUnder))
        {
            Volatile.Write(ref _builtUnder, generation);
            Retire();
        }

        var endpoint = directory.EndpointOf(partner)
                       ?? throw new FederationException(ErrorCode.FailedPrecondition,
                           $"No endpoint is known for {partner}: set Federation:Partners:{partner}:Endpoint or run 'fedctl peer set {partner} --endpoint URL'.", "partner");
        var key = acceptStaleRevocationList ? partner.Value + "|revocation-list" : partner.Value;
        if (_channels.TryGetValue(key, out var existing) && existing.Endpoint == endpoint)
        {
            return existing.Channel;
        }

        lock (_gate)
        {
            if (_channels.TryGetValue(key, out existing) && existing.Endpoint == endpoint)
            {
                return existing.Channel;
            }

            var channel = Create(partner, endpoint, acceptStaleRevocationList);
            _channels[key] = (endpoint, channel);
            existing.Channel?.Dispose();
            return channel;
        }
    }

    private GrpcChannel Create(JurisdictionCode partner, string endpoint, bool acceptStaleRevocationList)
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
                ClientCertificates = [identity.Current],
                CertificateChainPolicy = chainPolicy,
                EnabledSslProtocols = TlsPolicy.Protocols,
                CipherSuitesPolicy = TlsPolicy.CipherSuites,
                // Identity is the pinned jurisdiction, not the DNS name: check who the certificate speaks for.
                RemoteCertificateValidationCallback = (_, certificate, _, _) => IsPartner(certificate, partner, acceptStaleRevocationList),
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

    private bool IsPartner(X509Certificate? certificate, JurisdictionCode partner, bool acceptStaleRevocationList)
    {
        if (certificate is not X509Certificate2 certificate2)
        {
            return false;
        }

        try
        {
            if (validator.Validate(certificate2, timeProvider.GetUtcNow(), role: CertificateRole.Server, acceptStaleRevocationList: acceptStaleRevocationList).Jurisdiction != partner)
            {
                return false;
            }

            if (acceptStaleRevocationList)
            {
                // This channel carries the list only: its key is not learned as the partner's log key from it.
                return true;
            }

            // The partner's log signs with this very key: its receipts on this connection are checked with it.
            logKeys.Remember(partner, certificate2);
            return true;
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

        lock (_retired)
        {
            _retired.ForEach(c => c.Dispose());
            _retired.Clear();
        }
    }
}
