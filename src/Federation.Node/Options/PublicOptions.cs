namespace Federation.Node.Options;

/// <summary>
/// The public listener: researcher intake, the dashboard and the CSAF provider, over ordinary HTTPS with no
/// client certificate, on its own port. Section "Federation:Public".
/// </summary>
public sealed class PublicOptions
{
    public const string SectionName = "Federation:Public";

    /// <summary>
    /// Serve the public listener. Empty: on for a development node (so a newcomer sees the pages), off for a real one:
    /// a real authority opens its public face deliberately.
    /// </summary>
    public bool? Enabled { get; set; }

    public string Address { get; set; } = "127.0.0.1";

    /// <summary>0 picks a free port; the bound one is written to {DataDirectory}/endpoints.json.</summary>
    public int Port { get; set; } = 7443;

    /// <summary>
    /// The server certificate (PEM) the public sees, from an ordinary web PKI. Empty: a self-signed certificate for
    /// localhost is made in {DataDirectory}/identity, allowed only on a loopback address.
    /// </summary>
    public string? CertificatePath { get; set; }

    /// <summary>The certificate's private key (PEM).</summary>
    public string? KeyPath { get; set; }

    /// <summary>
    /// The absolute https URL the public reaches this listener at (behind a proxy, the proxy's), used for canonical
    /// links in security.txt and the CSAF provider metadata. Empty: the address the request came to.
    /// </summary>
    public string? BaseUrl { get; set; }

    /// <summary>Largest request body accepted on the public listener, in bytes (an intake with attachments is the largest).</summary>
    public long MaxRequestBodyBytes { get; set; } = 4 * 1024 * 1024;

    public bool IsEnabled(bool developmentIdentity) => Enabled ?? developmentIdentity;
}
