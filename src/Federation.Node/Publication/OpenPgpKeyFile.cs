using Federation.Core.Publication;
using Federation.Node.Hosting;
using Federation.Node.Options;
using Org.BouncyCastle.Bcpg.OpenPgp;

namespace Federation.Node.Publication;

/// <summary>
/// Where the signing key comes from: the operator's key file (Federation:Publication:SigningKeyPath), or a key this
/// node generated into its data folder on first start. The generated file never leaves the data folder, which the
/// repository ignores; it is written readable by the node's user only.
/// </summary>
public static partial class OpenPgpKeyFile
{
    public const string GeneratedFileName = "openpgp-signing-key.asc";

    // On a development node a generated key is expected: noted, not warned about.
    public static OpenPgpSigner LoadOrCreate(PublicationOptions options, string dataDirectory, AdvisoryPublisher publisher, TimeProvider timeProvider, ILogger logger, bool development = false)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!string.IsNullOrWhiteSpace(options.SigningKeyPath))
        {
            return Load(options.SigningKeyPath, options.SigningKeyPassphrase, $"{PublicationOptions.SectionName}:SigningKeyPath", timeProvider);
        }

        var folder = Path.Combine(dataDirectory, "csaf");
        var path = Path.Combine(folder, GeneratedFileName);
        if (File.Exists(path))
        {
            return Load(path, null, $"{PublicationOptions.SectionName}:SigningKeyPath", timeProvider);
        }

        Directory.CreateDirectory(folder);
        var (signer, secret) = OpenPgpSigner.Generate($"{publisher.Name} (CSAF signing key)", timeProvider);
        var write = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            write.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var file = new StreamWriter(path, System.Text.Encoding.ASCII, write))
        {
            file.Write(secret);
        }

        LogGenerated(logger, development ? LogLevel.Information : LogLevel.Warning, signer.Fingerprint, path);
        return signer;
    }

    private static OpenPgpSigner Load(string path, string? passphrase, string setting, TimeProvider timeProvider)
    {
        try
        {
            return OpenPgpSigner.Load(File.ReadAllText(path), passphrase, timeProvider);
        }
        catch (Exception ex) when (ex is PgpException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new StartupException(setting, $"'{path}' is not a usable OpenPGP secret key ring (wrong passphrase, or no signing key): {ex.Message}");
        }
    }

    [LoggerMessage(EventId = 4101,
        Message = "Created an OpenPGP signing key {Fingerprint} for the CSAF provider in {Path}. Configure Federation:Publication:SigningKeyPath with the authority's own key for a real node.")]
    private static partial void LogGenerated(ILogger logger, LogLevel level, string fingerprint, string path);
}
