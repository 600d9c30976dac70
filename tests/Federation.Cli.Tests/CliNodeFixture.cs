using Federation.Testing;

namespace Federation.Cli.Tests;

/// <summary>
/// Two real in-process nodes (FR, DE) for fedctl to talk to, and the operator key in a file
/// (not in FEDCTL_API_KEY: environment variables are process-wide and tests run in parallel).
/// </summary>
public sealed class CliNodeFixture : IAsyncLifetime
{
    private readonly TempDirectory _folder = new("federation-cli-test");
    private TestFederation? _federation;

    public TestFederation Federation => _federation ?? throw new InvalidOperationException("The fixture is not initialized.");

    public string KeyFile => _folder.Combine("admin-api-key");

    public string WrongKeyFile => _folder.Combine("wrong-api-key");

    public async ValueTask InitializeAsync()
    {
        await File.WriteAllTextAsync(KeyFile, TestNode.OperatorKey + "\n", TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(WrongKeyFile, "not-the-operator-key", TestContext.Current.CancellationToken);
        _federation = await TestFederation.StartAsync(["FR", "DE"], cancellationToken: TestContext.Current.CancellationToken);
    }

    /// <summary>fedctl against <paramref name="jurisdiction"/>'s admin endpoint with the operator key file.</summary>
    public Task<CliResult> RunAsync(string jurisdiction, params string[] args) =>
        FedctlRunner.RunAsync(["--node", Federation[jurisdiction].AdminAddress, "--api-key-file", KeyFile, .. args], TestContext.Current.CancellationToken);

    /// <summary>As <see cref="RunAsync(string, string[])"/> on a console <paramref name="width"/> columns wide.</summary>
    public Task<CliResult> RunAtWidthAsync(int width, string jurisdiction, params string[] args) =>
        FedctlRunner.RunAsync(["--node", Federation[jurisdiction].AdminAddress, "--api-key-file", KeyFile, .. args], TestContext.Current.CancellationToken, width);

    /// <summary>As <see cref="RunAsync(string, string[])"/> with <paramref name="input"/> typed at a terminal.</summary>
    public Task<CliResult> RunAtTerminalAsync(string input, string jurisdiction, params string[] args) =>
        FedctlRunner.RunAsync(["--node", Federation[jurisdiction].AdminAddress, "--api-key-file", KeyFile, .. args], TestContext.Current.CancellationToken,
            input: input, inputIsTerminal: true);

    public async ValueTask DisposeAsync()
    {
        if (_federation is not null)
        {
            await _federation.DisposeAsync();
        }

        _folder.Dispose();
    }
}
