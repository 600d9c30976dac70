namespace Federation.Core.Identity;

/// <summary>What a peer certificate is presented for: calling us (client) or answering our call (server).</summary>
public enum CertificateRole
{
    Client,
    Server,
}
