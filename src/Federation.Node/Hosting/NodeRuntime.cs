using System.Security.Cryptography.X509Certificates;
using Federation.Core.Identity;
using Federation.Core.Taxonomy;
using Federation.Core.Treaties;
using Federation.Node.Options;

namespace Federation.Node.Hosting;

/// <summary>Everything the node resolved and checked before it opened a port.</summary>
public sealed record NodeRuntime(
    LocalNode Node,
    X509Certificate2 Certificate,
    TrustAnchors Anchors,
    TreatyRegistry Treaties,
    IReadOnlyList<(string FileName, string Document)> TreatyFiles,
    string DataDirectory,
    string ConnectionString,
    IReadOnlyList<byte[]> AdminKeyHashes,
    NodeOptions Options,
    PeerListenerOptions Peer,
    AdminOptions Admin,
    bool IsDevelopmentIdentity,
    FingerprintKeyring FingerprintKeys,
    PublicOptions Public,
    X509Certificate2? PublicCertificate)
{
    /// <summary>Whether the public listener (intake, dashboard, CSAF provider) is served: it has a certificate only then.</summary>
    public bool PublicEnabled => PublicCertificate is not null;
}
