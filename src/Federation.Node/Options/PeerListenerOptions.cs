namespace Federation.Node.Options;

/// <summary>The peer listener (mTLS). Section "Federation:Peer".</summary>
public sealed class PeerListenerOptions
{
    public const string SectionName = "Federation:Peer";

    public string Address { get; set; } = "127.0.0.1";

    /// <summary>0 picks a free port; the bound one is written to {DataDirectory}/endpoints.json.</summary>
    public int Port { get; set; } = 7440;

    /// <summary>This node's certificate (PEM), naming its jurisdiction in a SAN URI. Empty on a development node.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The certificate's private key (PEM, ECDSA P-256).</summary>
    public string? KeyPath { get; set; }

    /// <summary>
    /// How often the certificate and key files are read for a change: a renewed pair is taken without a restart (new
    /// connections, new envelopes), once it passes the same checks as at startup.
    /// </summary>
    public TimeSpan CertificateReloadInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The most envelopes a partner may send in one DeliverBatch call (protocol federation.v2), told to it in the
    /// handshake. 0: this node speaks federation.v1 only, one envelope a call, as nodes did before batches (a partner
    /// then falls back to Deliver by itself).
    /// </summary>
    public int MaxEnvelopesPerCall { get; set; } = 64;

    /// <summary>The largest <see cref="MaxEnvelopesPerCall"/> a node takes: also the most envelopes under one batch seal, so a call never has more.</summary>
    public const int EnvelopesPerCallLimit = Core.Envelopes.EnvelopeBatchSignature.MaxSize;
}
