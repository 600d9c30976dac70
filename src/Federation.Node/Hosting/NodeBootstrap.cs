using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Federation.Core;
using Federation.Core.Identity;
using Federation.Core.Taxonomy;
using Federation.Core.Treaties;
using Federation.Node.Options;
using Federation.Node.Security;

namespace Federation.Node.Hosting;

/// <summary>
/// Resolves and checks the configuration before any port opens: data folder, identity, pinned
/// anchors, treaties, operator keys. Every problem stops the node with the setting's name.
/// </summary>
public static class NodeBootstrap
{
    public const string DevelopmentJurisdiction = "XX";

    /// <summary>Resolves options already bound and checked by their validators (see <see cref="NodeConfiguration"/>).</summary>
    public static NodeRuntime Prepare(NodeOptions options, PeerListenerOptions peer, AdminOptions admin, PublicOptions publicListener, TimeProvider timeProvider, ILogger logger)
    {
        var developmentIdentity = string.IsNullOrWhiteSpace(peer.CertificatePath);
        if (string.IsNullOrWhiteSpace(options.Jurisdiction) && !developmentIdentity)
        {
            throw new StartupException("Federation:Jurisdiction", "is required when Federation:Peer:CertificatePath is set.");
        }

        var self = JurisdictionCode.Parse(string.IsNullOrWhiteSpace(options.Jurisdiction) ? DevelopmentJurisdiction : options.Jurisdiction);
        if (!System.Net.IPAddress.IsLoopback(System.Net.IPAddress.Parse(admin.Address)))
        {
            // The admin port speaks HTTP/2 without TLS: off loopback, API keys would cross the network in clear.
            logger.LogWarning("Federation:Admin:Address {Address} is not a loopback address: operator API keys travel without TLS. Keep the admin port on loopback or behind a TLS proxy.", admin.Address);
        }

        var dataDirectory = PrepareDataDirectory(options.DataDirectory);
        // Everything that can be wrong is checked before anything is written to the data folder.
        var anchors = LoadAnchors(options, self);
        var (treaties, treatyFiles) = LoadTreaties(options, dataDirectory, self, anchors, !string.IsNullOrWhiteSpace(options.TreatiesDirectory));
        var fingerprintKeys = LoadFingerprintKeys(options, treaties);
        var keyHashes = ParseAdminKeys(admin);
        var certificate = developmentIdentity
            ? LoadOrCreateDevelopmentIdentity(dataDirectory, self, timeProvider, logger)
            : LoadNodeCertificate(peer, self, timeProvider, logger);
        if (keyHashes.Count == 0)
        {
            keyHashes.Add(LoadOrCreateAdminKey(dataDirectory, logger));
        }
        var connectionString = string.IsNullOrWhiteSpace(options.ConnectionString)
            ? $"Data Source={Path.Combine(dataDirectory, "federation.db")};Pooling=True;Default Timeout=30"
            : options.ConnectionString;

        if (publicListener.IsEnabled(developmentIdentity) && string.IsNullOrWhiteSpace(publicListener.BaseUrl)
            && !System.Net.IPAddress.IsLoopback(System.Net.IPAddress.Parse(publicListener.Address)))
        {
            // Off loopback the request's Host header is the client's word: canonical links must not come from it.
            throw new StartupException($"{PublicOptions.SectionName}:BaseUrl",
                $"is required when the public listener listens on {publicListener.Address} (not loopback): security.txt and the CSAF provider name it as their canonical address.");
        }

        var publicCertificate = publicListener.IsEnabled(developmentIdentity)
            ? Public.PublicCertificate.Load(publicListener, dataDirectory, timeProvider, logger, developmentIdentity)
            : null;

        return new NodeRuntime(new LocalNode(self), certificate, anchors, treaties, treatyFiles, dataDirectory, connectionString,
            keyHashes, options, peer, admin, developmentIdentity, fingerprintKeys, publicListener, publicCertificate);
    }

    private static string PrepareDataDirectory(string configured)
    {
        if (string.IsNullOrWhiteSpace(configured))
        {
            throw new StartupException("Federation:DataDirectory", "must name a folder.");
        }

        var full = Path.GetFullPath(configured);
        try
        {
            Directory.CreateDirectory(full);
            var probe = Path.Combine(full, $".write-probe-{Environment.ProcessId}");
            File.WriteAllText(probe, "ok");
            File.Delete(probe);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new StartupException("Federation:DataDirectory", $"the folder '{full}' cannot be created or written: {ex.Message}");
        }

        return full;
    }

    private static X509Certificate2 LoadOrCreateDevelopmentIdentity(string dataDirectory, JurisdictionCode self, TimeProvider timeProvider, ILogger logger)
    {
        var folder = Path.Combine(dataDirectory, "identity");
        var certificatePath = Path.Combine(folder, $"node-{self}.crt");
        var keyPath = Path.Combine(folder, $"node-{self}.key");
        if (!File.Exists(certificatePath) || !File.Exists(keyPath))
        {
            Directory.CreateDirectory(folder);
            var now = timeProvider.GetUtcNow();
            using var ca = CertificateFactory.CreateCa(self.Value, now.AddMinutes(-5), now.AddYears(2));
            using var node = CertificateFactory.CreateNode(ca, self.Value, now.AddMinutes(-5), now.AddYears(1));
            CertificateFactory.WritePem(ca, Path.Combine(folder, $"ca-{self}.crt"), Path.Combine(folder, $"ca-{self}.key"));
            CertificateFactory.WritePem(node, certificatePath, keyPath);
            logger.LogWarning("Created a development identity for {Jurisdiction} in {Folder}. It is trusted by nobody: " +
                              "configure Federation:Jurisdiction, Federation:Peer:CertificatePath and Federation:Peer:KeyPath for a real node.", self, folder);
        }
        else
        {
            logger.LogWarning("Running on the development identity in {Folder}; configure Federation:Peer:CertificatePath for a real node.", folder);
        }

        return LoadPem(certificatePath, keyPath, "Federation:Peer:CertificatePath");
    }

    internal static X509Certificate2 LoadNodeCertificate(PeerListenerOptions peer, JurisdictionCode self, TimeProvider timeProvider, ILogger logger)
    {
        if (string.IsNullOrWhiteSpace(peer.KeyPath))
        {
            throw new StartupException("Federation:Peer:KeyPath", "is required with Federation:Peer:CertificatePath (the node's private key, PEM).");
        }

        var certificate = LoadPem(peer.CertificatePath!, peer.KeyPath, "Federation:Peer:CertificatePath");
        var claimed = JurisdictionUri.Read(certificate);
        if (claimed.Count != 1 || claimed[0] != self)
        {
            throw new StartupException("Federation:Peer:CertificatePath",
                $"the certificate must name {JurisdictionUri.For(self)} as its only jurisdiction SAN URI; it names [{string.Join(", ", claimed)}].");
        }

        if (certificate.GetECDsaPublicKey() is not { KeySize: 256 })
        {
            throw new StartupException("Federation:Peer:CertificatePath", "the node key must be ECDSA P-256 (it also signs envelopes and the audit log's checkpoints).");
        }

        var now = timeProvider.GetUtcNow();
        if (certificate.NotAfter.ToUniversalTime() < now.UtcDateTime || certificate.NotBefore.ToUniversalTime() > now.UtcDateTime)
        {
            throw new StartupException("Federation:Peer:CertificatePath",
                $"the certificate is valid from {certificate.NotBefore.ToUniversalTime():u} to {certificate.NotAfter.ToUniversalTime():u}, not now ({now.UtcDateTime:u}).");
        }

        if (certificate.NotAfter.ToUniversalTime() < now.UtcDateTime.AddDays(30))
        {
            logger.LogWarning("The node certificate expires on {NotAfter:u}: renew it before partners start refusing it.", certificate.NotAfter.ToUniversalTime());
        }

        return certificate;
    }

    internal static X509Certificate2 LoadPem(string certificatePath, string keyPath, string setting)
    {
        try
        {
            using var loaded = X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
            // Kestrel wants a key it can hand to the TLS stack on every platform: round-trip through PKCS#12.
            return X509CertificateLoader.LoadPkcs12(loaded.Export(X509ContentType.Pkcs12), null);
        }
        catch (Exception ex) when (ex is IOException or CryptographicException or UnauthorizedAccessException or ArgumentException)
        {
            throw new StartupException(setting, $"cannot load '{certificatePath}' with key '{keyPath}': {ex.Message}");
        }
    }

    private static TrustAnchors LoadAnchors(NodeOptions options, JurisdictionCode self)
    {
        var anchors = new Dictionary<JurisdictionCode, IReadOnlyList<X509Certificate2>>();
        foreach (var (key, partner) in options.Partners)
        {
            var setting = $"Federation:Partners:{key}";
            var jurisdiction = JurisdictionCode.Parse(key);
            if (jurisdiction == self)
            {
                throw new StartupException(setting, "names this node's own jurisdiction; list partners only.");
            }

            X509Certificate2 anchor;
            try
            {
                anchor = X509Certificate2.CreateFromPem(File.ReadAllText(partner.TrustAnchor!));
            }
            catch (Exception ex) when (ex is IOException or CryptographicException or UnauthorizedAccessException or ArgumentException)
            {
                throw new StartupException($"{setting}:TrustAnchor", $"cannot read a PEM certificate from '{partner.TrustAnchor}': {ex.Message}");
            }

            if (anchor.Extensions.OfType<X509BasicConstraintsExtension>().FirstOrDefault() is not { CertificateAuthority: true })
            {
                throw new StartupException($"{setting}:TrustAnchor", $"'{partner.TrustAnchor}' is not a CA certificate; pin the partner's CA, not its node certificate.");
            }

            anchors[jurisdiction] = [anchor];
        }

        try
        {
            return new TrustAnchors(anchors);
        }
        catch (FederationException ex)
        {
            throw new StartupException("Federation:Partners", ex.Message);
        }
    }

    private static (TreatyRegistry Registry, List<(string FileName, string Document)> Files) LoadTreaties(
        NodeOptions options, string dataDirectory, JurisdictionCode self, TrustAnchors anchors, bool configured)
    {
        var folder = Path.GetFullPath(configured ? options.TreatiesDirectory! : Path.Combine(dataDirectory, "treaties"));
        if (!Directory.Exists(folder))
        {
            if (configured)
            {
                throw new StartupException("Federation:TreatiesDirectory", $"the folder '{folder}' does not exist.");
            }

            Directory.CreateDirectory(folder);
        }

        var treaties = new List<Treaty>();
        var files = new List<(string FileName, string Document)>();
        foreach (var file in Directory.EnumerateFiles(folder).Where(f => f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase)).Order(StringComparer.Ordinal))
        {
            try
            {
                var document = File.ReadAllText(file);
                var treaty = TreatyParser.Parse(document, Path.GetFileName(file));
                files.Add((Path.GetFileName(file), document));
                // The same acceptance rule as install and validate; a treaty not naming this node is left to the install step.
                foreach (var problem in TreatyAcceptance.Check(treaty, self, anchors))
                {
                    if (problem.Party is { } party)
                    {
                        throw new StartupException($"Federation:Partners:{party}:TrustAnchor", $"{Path.GetFileName(file)}: {problem.Message}");
                    }

                    if (problem.Field == "anchors")
                    {
                        throw new StartupException("Federation:TreatiesDirectory", $"{Path.GetFileName(file)}: {problem.Message}");
                    }
                }

                treaties.Add(treaty);
            }
            catch (FederationException ex)
            {
                throw new StartupException("Federation:TreatiesDirectory", ex.Message);
            }
        }

        try
        {
            return (new TreatyRegistry(treaties, self), files);
        }
        catch (FederationException ex)
        {
            throw new StartupException("Federation:TreatiesDirectory", ex.Message);
        }
    }

    private static FingerprintKeyring LoadFingerprintKeys(NodeOptions options, TreatyRegistry treaties)
    {
        var keys = new List<FingerprintKey>();
        foreach (var (treatyId, path) in options.FingerprintKeys)
        {
            var setting = $"Federation:FingerprintKeys:{treatyId}";
            if (!treaties.All.Any(t => t.Id == treatyId))
            {
                var loaded = treaties.All.Select(t => t.Id).Distinct().Order(StringComparer.Ordinal).ToList();
                throw new StartupException(setting,
                    $"no treaty '{treatyId}' is loaded (loaded: {(loaded.Count == 0 ? "none" : string.Join(", ", loaded))}); a fingerprint key belongs to a treaty this node is party to.");
            }

            if (string.IsNullOrWhiteSpace(path))
            {
                throw new StartupException(setting, "must name a file holding the treaty's fingerprint key (base64, at least 32 bytes).");
            }

            byte[] bytes;
            try
            {
                bytes = Convert.FromBase64String(File.ReadAllText(path).Trim());
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new StartupException(setting, $"cannot read the key file '{path}': {ex.Message}");
            }
            catch (FormatException)
            {
                // The content is a secret: say what is wrong with it, never echo it.
                throw new StartupException(setting, $"the key file '{path}' does not hold base64 text.");
            }

            if (bytes.Length < FingerprintKey.MinimumLength)
            {
                throw new StartupException(setting, $"the key in '{path}' is {bytes.Length} bytes long; at least {FingerprintKey.MinimumLength} are needed.");
            }

            keys.Add(new FingerprintKey(treatyId, bytes));
            CryptographicOperations.ZeroMemory(bytes);
        }

        return new FingerprintKeyring(keys);
    }

    // The validator already refused any hash that is not 64 hex digits.
    private static List<byte[]> ParseAdminKeys(AdminOptions admin) => [.. admin.ApiKeyHashes.Select(h => AdminOptions.ParseKeyHash(h)!)];

    private static byte[] LoadOrCreateAdminKey(string dataDirectory, ILogger logger)
    {
        var keyFile = Path.Combine(dataDirectory, "admin-api-key");
        if (!File.Exists(keyFile))
        {
            var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
            File.WriteAllText(keyFile, key);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(keyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            logger.LogWarning("No operator API key configured: created one in {KeyFile} (fedctl reads it from there).", keyFile);
        }

        return SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(File.ReadAllText(keyFile).Trim()));
    }
}
