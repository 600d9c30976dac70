using System.Net.Security;
using System.Security.Authentication;

namespace Federation.Node.Security;

/// <summary>
/// The TLS every listener and every call to a partner speaks: TLS 1.3, or TLS 1.2 with forward-secret AEAD suites
/// only. CBC suites (padding oracles, Lucky13) and static-RSA key exchange are refused at the handshake.
/// </summary>
public static class TlsPolicy
{
    public const SslProtocols Protocols = SslProtocols.Tls12 | SslProtocols.Tls13;

    private static readonly TlsCipherSuite[] Suites =
    [
        // TLS 1.3 (all AEAD); listed first so that OpenSSL prefers the newest protocol.
        TlsCipherSuite.TLS_AES_256_GCM_SHA384,
        TlsCipherSuite.TLS_AES_128_GCM_SHA256,
        TlsCipherSuite.TLS_CHACHA20_POLY1305_SHA256,
        // TLS 1.2: ECDHE with AES-GCM or ChaCha20-Poly1305 only.
        TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
        TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
        TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
        TlsCipherSuite.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
    ];

    /// <summary>The allowed suites; null where the platform cannot restrict them (Windows: its own policy applies).</summary>
    public static CipherSuitesPolicy? CipherSuites { get; } = OperatingSystem.IsLinux() || OperatingSystem.IsMacOS() ? new CipherSuitesPolicy(Suites) : null;

    public static IReadOnlyList<TlsCipherSuite> AllowedSuites => Suites;
}
