using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Federation.Core.Identity;
using Federation.Node.Hosting;

namespace Federation.Node.Security;

/// <summary>
/// This node's certificate and key as they are now. A renewed pair put in place of the configured files is taken
/// without a restart, once it passes the checks of startup (its jurisdiction, P-256, valid now) and the node
/// certificate policy for both roles: the peer port serves it to new connections, new outgoing connections present it,
/// and new envelopes are signed with it. A pair that fails keeps the current one in force.
/// </summary>
public sealed class NodeIdentity
{
    private readonly NodeRuntime _runtime;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<NodeIdentity> _logger;
    private X509Certificate2 _current;
    private string _digest;
    private string? _refusedDigest;
    private DateTimeOffset _refusedAt;

    private static readonly TimeSpan RetryRefusedAfter = TimeSpan.FromMinutes(5);

    public NodeIdentity(NodeRuntime runtime, TimeProvider timeProvider, ILogger<NodeIdentity> logger)
    {
        _runtime = runtime;
        _timeProvider = timeProvider;
        _logger = logger;
        _current = runtime.Certificate;
        _digest = CanRotate ? FilesDigest() ?? string.Empty : string.Empty;
    }

    /// <summary>The certificate (with its key) to present and sign with now.</summary>
    public X509Certificate2 Current => Volatile.Read(ref _current);

    /// <summary>Only a configured identity rotates: the development identity is made once in the data folder.</summary>
    public bool CanRotate => !_runtime.IsDevelopmentIdentity;

    /// <summary>Raised after <see cref="Current"/> changed, with the new certificate.</summary>
    public event Action<X509Certificate2>? Rotated;

    /// <summary>Takes the files' pair when they changed; returns what happened (null: nothing changed).</summary>
    public TrustChange? Reload()
    {
        var digest = FilesDigest();
        // A refused pair is looked at again after a while: a refusal may be the time's (a renewed certificate whose
        // NotBefore is a few minutes ahead), and nobody touches the files again to make it count.
        if (digest is null || digest == _digest || (digest == _refusedDigest && _timeProvider.GetUtcNow() - _refusedAt < RetryRefusedAfter))
        {
            return null;
        }

        X509Certificate2 next;
        try
        {
            next = NodeBootstrap.LoadNodeCertificate(_runtime.Peer, _runtime.Node.Jurisdiction, _timeProvider, _logger);
            var problem = NodeCertificatePolicy.Problem(next, CertificateRole.Client) ?? NodeCertificatePolicy.Problem(next, CertificateRole.Server);
            if (problem is not null)
            {
                throw new StartupException(Options.PeerListenerOptions.SectionName + ":CertificatePath", problem);
            }
        }
        catch (StartupException ex)
        {
            // A certificate and key replaced one after the other are briefly a mismatched pair: refused this time,
            // taken at the next look once both are in place (the digest covers both files).
            _refusedDigest = digest;
            _refusedAt = _timeProvider.GetUtcNow();
            return new TrustChange(_runtime.Node.Jurisdiction, Core.Audit.AuditKinds.IdentityRotationRefused,
                $"the new certificate or key at {_runtime.Peer.CertificatePath} is refused ({ex.Message}); {Thumb(Current)} stays in force");
        }

        var previous = Current;
        Volatile.Write(ref _current, next);
        _digest = digest;
        _refusedDigest = null;
        Rotated?.Invoke(next);
        return new TrustChange(_runtime.Node.Jurisdiction, Core.Audit.AuditKinds.IdentityRotated,
            $"{Thumb(previous)} replaced by {Thumb(next)}, valid until {next.NotAfter.ToUniversalTime():yyyy-MM-dd'T'HH:mm:ss'Z'}");
    }

    private static string Thumb(X509Certificate2 certificate) => TrustAnchors.Thumbprint(certificate)[..16];

    private string? FilesDigest()
    {
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            hash.AppendData(File.ReadAllBytes(_runtime.Peer.CertificatePath!));
            hash.AppendData(File.ReadAllBytes(_runtime.Peer.KeyPath!));
            return Convert.ToHexString(hash.GetHashAndReset());
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Mid-replacement or briefly unreadable: looked at again at the next interval.
            return null;
        }
    }
}
