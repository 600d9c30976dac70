using Federation.Testing;

namespace Federation.EndToEnd.Tests;

/// <summary>A node process refuses bad configuration before any port opens, with EX_CONFIG and the setting's name.</summary>
public sealed class NodeStartupTests
{
    private const int ExConfig = 78;

    [Theory]
    [InlineData("Federation__Jurisdiction", "France", "Federation:Jurisdiction")]
    [InlineData("Federation__Admin__Port", "70000", "Federation:Admin:Port")]
    [InlineData("Federation__Partners__DE__TrustAnchor", "/nonexistent/de-ca.crt", "Federation:Partners:DE:TrustAnchor")]
    [InlineData("Federation__Peer__Port", "abc", "Federation:Peer:Port")]
    [InlineData("Federation__Outbox__MaxAttempts", "x", "Federation:Outbox:MaxAttempts")]
    [InlineData("Federation__MaxClockSkew", "notatimespan", "Federation:MaxClockSkew")]
    [InlineData("Federation__MaxMessageBytes", "1", "Federation:MaxMessageBytes")]
    [InlineData("Federation__Peer__Address", "node.example", "Federation:Peer:Address")]
    [InlineData("Federation__Admin__ApiKeyHashes__0", "not-hex", "Federation:Admin:ApiKeyHashes:0")]
    [InlineData("Federation__ConnectionString", "garbage", "Federation:ConnectionString")]
    public async Task NodeProcess_BadSetting_ExitsWith78NamingTheSetting(string variable, string value, string setting)
    {
        var ct = TestContext.Current.CancellationToken;
        using var folder = new TempDirectory("federation-e2e-startup");
        var settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Federation__Jurisdiction"] = "FR",
            ["Federation__Peer__Port"] = "0",
            ["Federation__Admin__Port"] = "0",
            [variable] = value,
        };
        await using var node = NodeProcess.Launch("FR", folder.Combine("data"), settings);

        var exitCode = await node.WaitForExitAsync(NodeProcess.StartTimeout, ct);

        Assert.True(exitCode == ExConfig, $"exit code {exitCode}, expected {ExConfig}. Output:{Environment.NewLine}{node.Output.Text}");
        var refusal = Assert.Single(node.Output.Text.Split('\n'), l => l.Contains("cannot start", StringComparison.Ordinal));
        Assert.Contains($"The node cannot start. {setting}: ", refusal, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", node.Output.Text, StringComparison.Ordinal);
        Assert.False(File.Exists(folder.Combine("data", "endpoints.json")), "the node wrote endpoints.json although it refused to start");
    }

    [Fact]
    public async Task NodeProcess_StoreCannotBeOpened_ExitsWith74NamingTheStore()
    {
        var ct = TestContext.Current.CancellationToken;
        using var folder = new TempDirectory("federation-e2e-startup");
        var missing = folder.Combine("no-such-folder", "federation.db");
        var settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Federation__Peer__Port"] = "0",
            ["Federation__Admin__Port"] = "0",
            ["Federation__ConnectionString"] = $"Data Source={missing}",
        };
        await using var node = NodeProcess.Launch("FR", folder.Combine("data"), settings);

        var exitCode = await node.WaitForExitAsync(NodeProcess.StartTimeout, ct);

        Assert.True(exitCode == 74, $"exit code {exitCode}, expected 74 (EX_IOERR). Output:{Environment.NewLine}{node.Output.Text}");
        var refusal = Assert.Single(node.Output.Text.Split('\n'), l => l.Contains("cannot start", StringComparison.Ordinal));
        Assert.Contains($"The store '{missing}' cannot be opened or migrated", refusal, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Federation__Peer__Port", "peer", "Federation:Peer:Port")]
    [InlineData("Federation__Admin__Port", "admin", "Federation:Admin:Port")]
    public async Task NodeProcess_PortInUse_OneLineNamingListenerAddressAndSetting(string variable, string listener, string setting)
    {
        var ct = TestContext.Current.CancellationToken;
        using var folder = new TempDirectory("federation-e2e-startup");
        using var holder = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        holder.Start();
        var port = ((System.Net.IPEndPoint)holder.LocalEndpoint).Port;
        var settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Federation__Peer__Port"] = "0",
            ["Federation__Admin__Port"] = "0",
            [variable] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        await using var node = NodeProcess.Launch("FR", folder.Combine("data"), settings);

        var exitCode = await node.WaitForExitAsync(NodeProcess.StartTimeout, ct);

        var output = node.Output.Text;
        Assert.True(exitCode == ExConfig, $"exit code {exitCode}, expected {ExConfig}. Output:{Environment.NewLine}{output}");
        var refusal = Assert.Single(output.Split('\n'), l => l.Contains("cannot start", StringComparison.Ordinal));
        Assert.Contains($"{setting}: the {listener} listener cannot listen on 127.0.0.1:{port}: another process already uses that port.", refusal, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Hosting failed to start", output, StringComparison.Ordinal);
    }
}
