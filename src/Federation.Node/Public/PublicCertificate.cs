using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Federation.Node.Hosting;
using Federation.Node.Options;

namespace Federation.Node.Public;

/// <summary>
/// The public listener's server certificate: the configured one, or on loopback a self-signed one for localhost kept in
/// the data folder. It is never the node's federation certificate: the public face and the border have separate keys.
/// </summary>
public static class PublicCertificate
{
    private const string ServerAuth = "1.3.6.1.5.5.7.3.1";

    // On a development node a self-signed certificate is expected: noted, not warned about.
    public static X509Certificate2 Load(PublicOptions options, string dataDirectory, TimeProvider timeProvider, ILogger logger, bool development = false)
    {
        var setting = $"{PublicOptions.SectionName}:CertificatePath";
        if (!string.IsNullOrWhiteSpace(options.CertificatePath))
        {
            var configured = NodeBootstrap.LoadPem(options.CertificatePath, options.KeyPath!, setting);
            if (!HasServerAuth(configured))
            {
                throw new StartupException(setting, $"'{options.CertificatePath}' has no extended key usage serverAuth; browsers would refuse it.");
            }

            var now = timeProvider.GetUtcNow().UtcDateTime;
            if (configured.NotAfter.ToUniversalTime() < now || configured.NotBefore.ToUniversalTime() > now)
            {
                throw new StartupException(setting,
                    $"the certificate is valid from {configured.NotBefore.ToUniversalTime():u} to {configured.NotAfter.ToUniversalTime():u}, not now ({now:u}).");
            }

            return configured;
        }

        if (!IPAddress.IsLoopback(IPAddress.Parse(options.Address)))
        {
            // A self-signed certificate facing the public would teach researchers to click through warnings.
            throw new StartupException(setting, $"is required when {PublicOptions.SectionName}:Address ({options.Address}) is not a loopback address.");
        }

        return LoadOrCreateDevelopment(dataDirectory, timeProvider, logger, development);
    }

    private static X509Certificate2 LoadOrCreateDevelopment(string dataDirectory, TimeProvider timeProvider, ILogger logger, bool development)
    {
        var folder = Path.Combine(dataDirectory, "identity");
        var certificatePath = Path.Combine(folder, "public-localhost.crt");
        var keyPath = Path.Combine(folder, "public-localhost.key");
        var now = timeProvider.GetUtcNow();
        if (File.Exists(certificatePath) && File.Exists(keyPath))
        {
            var existing = NodeBootstrap.LoadPem(certificatePath, keyPath, $"{PublicOptions.SectionName}:CertificatePath");
            if (existing.NotAfter.ToUniversalTime() > now.UtcDateTime.AddDays(7) && existing.NotBefore.ToUniversalTime() <= now.UtcDateTime)
            {
                return existing;
            }

            existing.Dispose();
        }

        Directory.CreateDirectory(folder);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost, O=Federation development", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(ServerAuth)], false));
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("localhost");
        san.AddIpAddress(IPAddress.Loopback);
        san.AddIpAddress(IPAddress.IPv6Loopback);
        request.CertificateExtensions.Add(san.Build());
        using var created = request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(90));
        Security.CertificateFactory.WritePem(created, certificatePath, keyPath);
        logger.Log(development ? LogLevel.Information : LogLevel.Warning,
            "Created a self-signed certificate for the public listener in {Folder} (localhost only); configure Federation:Public:CertificatePath before opening it to the public.", folder);
        return NodeBootstrap.LoadPem(certificatePath, keyPath, $"{PublicOptions.SectionName}:CertificatePath");
    }

    private static bool HasServerAuth(X509Certificate2 certificate) =>
        certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().Any(e => e.EnhancedKeyUsages.Cast<Oid>().Any(o => o.Value == ServerAuth));
}
