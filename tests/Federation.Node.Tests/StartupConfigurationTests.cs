using Federation.Node.Hosting;
using Federation.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Federation.Node.Tests;

/// <summary>Broken configuration stops the node before any port opens, naming the setting.</summary>
public sealed class StartupConfigurationTests : IDisposable
{
    private readonly TempDirectory _folder = new();
    private readonly TestPki _pki;

    public StartupConfigurationTests()
    {
        _pki = new TestPki(_folder.Combine("pki"));
        _pki.Ca("DE");
    }

    [Fact]
    public void Prepare_NoConfigurationAtAll_DevelopmentNodeWithIdentityAndKey()
    {
        var runtime = Prepare(new() { ["Federation:DataDirectory"] = _folder.Combine("data") });

        Assert.True(runtime.IsDevelopmentIdentity);
        Assert.Equal("XX", runtime.Node.Jurisdiction.Value);
        Assert.True(File.Exists(_folder.Combine("data", "identity", "node-XX.crt")));
        Assert.True(File.Exists(_folder.Combine("data", "admin-api-key")));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_folder.Combine("data", "identity", "node-XX.key")));
        }

        var again = Prepare(new() { ["Federation:DataDirectory"] = _folder.Combine("data") });
        Assert.Equal(runtime.Certificate.Thumbprint, again.Certificate.Thumbprint);

        // With no configuration the public pages are served on loopback, with a certificate of their own.
        Assert.True(runtime.PublicEnabled);
        Assert.NotEqual(runtime.Certificate.Thumbprint, runtime.PublicCertificate!.Thumbprint);
        Assert.Equal(runtime.PublicCertificate.Thumbprint, again.PublicCertificate!.Thumbprint);
    }

    [Fact]
    public void Prepare_RealNodeWithoutPublicSettings_PublicListenerOff()
    {
        var (certificate, key) = _pki.WriteNode("DE");
        var runtime = Prepare(new()
        {
            ["Federation:DataDirectory"] = _folder.Combine("data"),
            ["Federation:Jurisdiction"] = "DE",
            ["Federation:Peer:CertificatePath"] = certificate,
            ["Federation:Peer:KeyPath"] = key,
        });

        Assert.False(runtime.PublicEnabled);
        Assert.False(File.Exists(_folder.Combine("data", "identity", "public-localhost.crt")));
    }

    [Fact]
    public void Prepare_PublicOffLoopbackWithoutCertificate_RefusedNamingTheCertificate()
    {
        var error = Assert.Throws<StartupException>(() => Prepare(new()
        {
            ["Federation:DataDirectory"] = _folder.Combine("data"),
            ["Federation:Public:Address"] = "0.0.0.0",
            ["Federation:Public:BaseUrl"] = "https://report.example/",
        }));

        Assert.Equal("Federation:Public:CertificatePath", error.Setting);
        Assert.Contains("loopback", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Prepare_PublicOffLoopbackWithoutBaseUrl_RefusedNamingIt()
    {
        var (certificate, key) = _pki.WriteNode("DE");
        var error = Assert.Throws<StartupException>(() => Prepare(new()
        {
            ["Federation:DataDirectory"] = _folder.Combine("data"),
            ["Federation:Public:Address"] = "0.0.0.0",
            ["Federation:Public:CertificatePath"] = certificate,
            ["Federation:Public:KeyPath"] = key,
        }));

        Assert.Equal("Federation:Public:BaseUrl", error.Setting);
    }

    [Fact]
    public void Prepare_PublicCertificateWithoutServerAuth_Refused()
    {
        // A client-only certificate would make browsers refuse the site: the node refuses it first.
        using var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=localhost", key, System.Security.Cryptography.HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new System.Security.Cryptography.X509Certificates.X509EnhancedKeyUsageExtension(
            [new System.Security.Cryptography.Oid("1.3.6.1.5.5.7.3.2")], false));
        using var clientOnly = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        Federation.Node.Security.CertificateFactory.WritePem(clientOnly, _folder.Combine("client-only.crt"), _folder.Combine("client-only.key"));

        var error = Assert.Throws<StartupException>(() => Prepare(new()
        {
            ["Federation:DataDirectory"] = _folder.Combine("data"),
            ["Federation:Public:CertificatePath"] = _folder.Combine("client-only.crt"),
            ["Federation:Public:KeyPath"] = _folder.Combine("client-only.key"),
        }));

        Assert.Equal("Federation:Public:CertificatePath", error.Setting);
    }

    [Theory]
    [InlineData("Federation:Jurisdiction", "France", "Federation:Jurisdiction")]
    [InlineData("Federation:MaxMessageBytes", "10", "Federation:MaxMessageBytes")]
    [InlineData("Federation:MaxStoreMegabytes", "1", "Federation:MaxStoreMegabytes")]
    [InlineData("Federation:Peer:Port", "70000", "Federation:Peer:Port")]
    [InlineData("Federation:Peer:Address", "node.example", "Federation:Peer:Address")]
    [InlineData("Federation:Admin:ApiKeyHashes:0", "not-a-hash", "Federation:Admin:ApiKeyHashes:0")]
    [InlineData("Federation:Partners:DE:Endpoint", "http://insecure", "Federation:Partners:DE:Endpoint")]
    [InlineData("Federation:Partners:DE:TrustAnchor", "/no/such/file.crt", "Federation:Partners:DE:TrustAnchor")]
    [InlineData("Federation:TreatiesDirectory", "/no/such/folder", "Federation:TreatiesDirectory")]
    [InlineData("Federation:Peer:Port", "abc", "Federation:Peer:Port")]
    [InlineData("Federation:Admin:Port", "-1", "Federation:Admin:Port")]
    [InlineData("Federation:Admin:Address", "localhost", "Federation:Admin:Address")]
    [InlineData("Federation:Outbox:MaxAttempts", "x", "Federation:Outbox:MaxAttempts")]
    [InlineData("Federation:Outbox:MaxAttempts", "0", "Federation:Outbox:MaxAttempts")]
    [InlineData("Federation:Outbox:BatchesInFlight", "0", "Federation:Outbox:BatchesInFlight")]
    [InlineData("Federation:Peer:Limits:MaxCallsInFlight", "0", "Federation:Peer:Limits:MaxCallsInFlight")]
    [InlineData("Federation:Peer:Limits:Partners:DE:Burst", "1", "Federation:Peer:Limits:Partners:DE:Burst")]
    [InlineData("Federation:Peer:Limits:Partners:de:MessagesPerSecond", "10", "Federation:Peer:Limits:Partners:de")]
    [InlineData("Federation:Peer:Limits:MessagesPerSecond", "fast", "Federation:Peer:Limits:MessagesPerSecond")]
    [InlineData("Federation:Peer:Limits:IgnoredRetryHold", "-00:00:01", "Federation:Peer:Limits:IgnoredRetryHold")]
    [InlineData("Federation:Outbox:InitialBackoff", "00:00:00", "Federation:Outbox:InitialBackoff")]
    [InlineData("Federation:CatchUp:Interval", "00:00:00", "Federation:CatchUp:Interval")]
    [InlineData("Federation:CatchUp:MaxPerPull", "0", "Federation:CatchUp:MaxPerPull")]
    [InlineData("Federation:CatchUp:BatchSize", "many", "Federation:CatchUp:BatchSize")]
    [InlineData("Federation:MaxClockSkew", "notatimespan", "Federation:MaxClockSkew")]
    [InlineData("Federation:MaxClockSkew", "02:00:00", "Federation:MaxClockSkew")]
    [InlineData("Federation:MaxMessageBytes", "many", "Federation:MaxMessageBytes")]
    [InlineData("Federation:MaxStoreMegabytes", "big", "Federation:MaxStoreMegabytes")]
    [InlineData("Federation:Timelines:0", "nis2", "Federation:Timelines:0")]
    [InlineData("Federation:ConnectionString", "garbage", "Federation:ConnectionString")]
    [InlineData("Federation:ConnectionString", "Cache=Shared", "Federation:ConnectionString")]
    [InlineData("Federation:Public:Port", "70000", "Federation:Public:Port")]
    [InlineData("Federation:Public:Address", "public.example", "Federation:Public:Address")]
    [InlineData("Federation:Public:BaseUrl", "http://report.example/", "Federation:Public:BaseUrl")]
    [InlineData("Federation:Public:BaseUrl", "https://report.example/?a=b", "Federation:Public:BaseUrl")]
    [InlineData("Federation:Public:MaxRequestBodyBytes", "10", "Federation:Public:MaxRequestBodyBytes")]
    [InlineData("Federation:Public:Enabled", "maybe", "Federation:Public:Enabled")]
    [InlineData("Federation:Public:CertificatePath", "/no/such/public.crt", "Federation:Public:KeyPath")]
    [InlineData("Federation:Revocation:FetchInterval", "00:00:00", "Federation:Revocation:FetchInterval")]
    [InlineData("Federation:Revocation:FetchInterval", "2.00:00:00", "Federation:Revocation:FetchInterval")]
    [InlineData("Federation:Revocation:FetchInterval", "soon", "Federation:Revocation:FetchInterval")]
    [InlineData("Federation:Revocation:MaxFetchedBytes", "10", "Federation:Revocation:MaxFetchedBytes")]
    [InlineData("Federation:Revocation:MaxFetchedBytes", "1048576", "Federation:Revocation:MaxFetchedBytes")]
    [InlineData("Federation:Revocation:OwnCrl", "/no/such/own.crl", "Federation:Revocation:OwnCrl")]
    public void Prepare_BadSetting_StartupExceptionNamesIt(string key, string value, string expectedSetting)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Federation:DataDirectory"] = _folder.Combine("data"),
            ["Federation:Partners:DE:TrustAnchor"] = _pki.CaPath("DE"),
            [key] = value,
        };

        var error = Assert.Throws<StartupException>(() => Prepare(settings));

        Assert.Equal(expectedSetting, error.Setting);
        Assert.StartsWith(expectedSetting + ":", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Federation:Peer:Port", "abc", "Federation:Peer:Port: 'abc' is not a whole number.")]
    [InlineData("Federation:Outbox:MaxAttempts", "x", "Federation:Outbox:MaxAttempts: 'x' is not a whole number.")]
    [InlineData("Federation:MaxClockSkew", "notatimespan", "Federation:MaxClockSkew: 'notatimespan' is not a duration such as 00:05:00 (hh:mm:ss).")]
    [InlineData("Federation:MaxStoreMegabytes", "big", "Federation:MaxStoreMegabytes: 'big' is not a whole number.")]
    public void Prepare_UnparsableValue_NamesSettingAndWhatIsExpected(string key, string value, string expected)
    {
        var error = Assert.Throws<StartupException>(() => Prepare(new() { ["Federation:DataDirectory"] = _folder.Combine("data"), [key] = value }));

        Assert.Equal(expected, error.Message);
    }

    [Fact]
    public void Prepare_SeveralBadSettings_FirstNamedAndTheOthersOnTheSameLine()
    {
        var error = Assert.Throws<StartupException>(() => Prepare(new()
        {
            ["Federation:DataDirectory"] = _folder.Combine("data"),
            ["Federation:Peer:Port"] = "70000",
            ["Federation:Peer:Address"] = "nowhere",
        }));

        Assert.Equal("Federation:Peer:Port", error.Setting);
        Assert.Contains("Also: Federation:Peer:Address: 'nowhere' is not an IP address.", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Prepare_CertificateWithoutKey_NamesKeyPath()
    {
        var (certificate, _) = _pki.WriteNode("FR");

        var error = Assert.Throws<StartupException>(() => Prepare(new()
        {
            ["Federation:Jurisdiction"] = "FR",
            ["Federation:DataDirectory"] = _folder.Combine("data"),
            ["Federation:Peer:CertificatePath"] = certificate,
        }));

        Assert.Equal("Federation:Peer:KeyPath", error.Setting);
    }

    [Fact]
    public void Prepare_CertificateOfAnotherJurisdiction_Refused()
    {
        var (certificate, key) = _pki.WriteNode("DE");

        var error = Assert.Throws<StartupException>(() => Prepare(new()
        {
            ["Federation:Jurisdiction"] = "FR",
            ["Federation:DataDirectory"] = _folder.Combine("data"),
            ["Federation:Peer:CertificatePath"] = certificate,
            ["Federation:Peer:KeyPath"] = key,
        }));

        Assert.Contains("urn:federation:jurisdiction:FR", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Prepare_TreatyPartyWithoutAnchor_NamesTheMissingAnchor()
    {
        TreatyFiles.Write(_folder.Combine("treaties"), "t.yaml", TreatyFiles.Yaml("t", ["XX", "JP"]));

        var error = Assert.Throws<StartupException>(() => Prepare(new()
        {
            ["Federation:DataDirectory"] = _folder.Combine("data"),
            ["Federation:TreatiesDirectory"] = _folder.Combine("treaties"),
        }));

        Assert.Equal("Federation:Partners:JP:TrustAnchor", error.Setting);
    }

    [Fact]
    public void Prepare_MalformedTreatyFile_NamesFileAndLine()
    {
        TreatyFiles.Write(_folder.Combine("treaties"), "broken.yaml", "id: [oops\nversion: 1\n");

        var error = Assert.Throws<StartupException>(() => Prepare(new()
        {
            ["Federation:DataDirectory"] = _folder.Combine("data"),
            ["Federation:TreatiesDirectory"] = _folder.Combine("treaties"),
        }));

        Assert.Contains("broken.yaml: line", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Prepare_DataDirectoryUnderAFile_StopsWithClearMessage()
    {
        File.WriteAllText(_folder.Combine("plain-file"), "x");

        var error = Assert.Throws<StartupException>(() => Prepare(new() { ["Federation:DataDirectory"] = _folder.Combine("plain-file", "data") }));

        Assert.Equal("Federation:DataDirectory", error.Setting);
        Assert.Contains("cannot be created or written", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("no-such-treaty", "ok", "no treaty 'no-such-treaty' is loaded (loaded: t)")]
    [InlineData("t", "missing", "cannot read the key file")]
    [InlineData("t", "short", "is 16 bytes long; at least 32 are needed")]
    [InlineData("t", "not-base64", "does not hold base64 text")]
    public void Prepare_BadFingerprintKey_NamesTheSetting(string treatyId, string file, string expected)
    {
        TreatyFiles.Write(_folder.Combine("treaties"), "t.yaml", TreatyFiles.Yaml("t", ["XX", "DE"]));
        File.WriteAllText(_folder.Combine("ok"), Convert.ToBase64String(new byte[32]));
        File.WriteAllText(_folder.Combine("short"), Convert.ToBase64String(new byte[16]));
        File.WriteAllText(_folder.Combine("not-base64"), "SECRET-LOOKING!!");

        var error = Assert.Throws<StartupException>(() => Prepare(new()
        {
            ["Federation:DataDirectory"] = _folder.Combine("data"),
            ["Federation:TreatiesDirectory"] = _folder.Combine("treaties"),
            ["Federation:Partners:DE:TrustAnchor"] = _pki.CaPath("DE"),
            [$"Federation:FingerprintKeys:{treatyId}"] = _folder.Combine(file),
        }));

        Assert.Equal($"Federation:FingerprintKeys:{treatyId}", error.Setting);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("SECRET", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Prepare_FingerprintKeyOfLoadedTreaty_InTheKeyring()
    {
        TreatyFiles.Write(_folder.Combine("treaties"), "t.yaml", TreatyFiles.Yaml("t", ["XX", "DE"]));
        File.WriteAllText(_folder.Combine("key"), Convert.ToBase64String(new byte[48]));

        var runtime = Prepare(new()
        {
            ["Federation:DataDirectory"] = _folder.Combine("data"),
            ["Federation:TreatiesDirectory"] = _folder.Combine("treaties"),
            ["Federation:Partners:DE:TrustAnchor"] = _pki.CaPath("DE"),
            ["Federation:FingerprintKeys:t"] = _folder.Combine("key"),
        });

        Assert.NotNull(runtime.FingerprintKeys.Find("t"));
    }

    public void Dispose() => _folder.Dispose();

    // The node's own path: options bound once and validated, then resolved into the runtime.
    private static NodeRuntime Prepare(Dictionary<string, string?> settings)
    {
        using var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .AddSingleton(TimeProvider.System)
            .AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance)
            .AddNodeConfiguration()
            .BuildServiceProvider();
        return NodeConfiguration.Resolve(services);
    }
}
