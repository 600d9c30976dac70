using System.Net;
using System.Net.Sockets;
using Federation.Contracts.V1;
using Federation.Testing;

namespace Federation.Cli.Tests;

/// <summary>What a newcomer typed (issue 9): addresses, ids in lower case, withdrawals, JSON errors, own cases.</summary>
public sealed class FedctlInputTests(CliNodeFixture nodes) : IClassFixture<CliNodeFixture>
{
    private static readonly string Nl = Environment.NewLine;

    [Theory]
    [InlineData("https://127.0.0.1:7081", "error: --node 'https://127.0.0.1:7081': the admin port speaks plain HTTP/2 (it listens on loopback only); use http://127.0.0.1:7081.")]
    [InlineData("HTTPS://localhost:7081/", "error: --node 'HTTPS://localhost:7081/': the admin port speaks plain HTTP/2 (it listens on loopback only); use http://localhost:7081.")]
    [InlineData("not a node", "error: --node 'not a node' is not a node address: use http://host:port or host:port, e.g. http://127.0.0.1:7080 or 127.0.0.1:7080.")]
    [InlineData("127.0.0.1", "error: --node '127.0.0.1' is not a node address: use http://host:port or host:port, e.g. http://127.0.0.1:7080 or 127.0.0.1:7080.")]
    [InlineData("ftp://127.0.0.1:7081", "error: --node 'ftp://127.0.0.1:7081' is not a node address: use http://host:port or host:port, e.g. http://127.0.0.1:7080 or 127.0.0.1:7080.")]
    public async Task Node_HttpsOrGarbageAddress_ExitsUsageWithOneLine(string address, string expected)
    {
        var result = await FedctlRunner.RunAsync(["--node", address, "--api-key-file", nodes.KeyFile, "node"], TestContext.Current.CancellationToken);

        Assert.Equal(64, result.ExitCode);
        Assert.Equal(expected + Nl, result.Error);
        Assert.Equal(string.Empty, result.Output);
    }

    [Fact]
    public async Task Node_HostPortWithoutScheme_MeansHttp()
    {
        var hostPort = new Uri(nodes.Federation["FR"].AdminAddress).Authority;

        var result = await FedctlRunner.RunAsync(["--node", hostPort, "--api-key-file", nodes.KeyFile, "node", "--json"], TestContext.Current.CancellationToken);

        Assert.Equal("FR", result.Json().GetProperty("jurisdiction").GetString());
    }

    [Fact]
    public async Task Json_NodeNotAnswering_OneJsonObjectOnStderrExit69()
    {
        var port = FreePort();

        var result = await FedctlRunner.RunAsync(["--node", $"127.0.0.1:{port}", "--api-key-file", nodes.KeyFile, "--json", "node"], TestContext.Current.CancellationToken);

        Assert.Equal(69, result.ExitCode);
        Assert.Equal(string.Empty, result.Output);
        var (code, reason, message, field) = JsonErrors.Single(result);
        Assert.Equal("UNAVAILABLE", code);
        Assert.Equal("NODE_UNREACHABLE", reason);
        Assert.StartsWith($"the node at http://127.0.0.1:{port} did not answer", message, StringComparison.Ordinal);
        Assert.Equal("--node", field);
    }

    [Fact]
    public async Task Json_NodeRefuses_OneJsonObjectWithTheNodesReasonExit1()
    {
        var missing = "FR-01JD3Q5V7X8Y9Z0A1B2C3D4E5F";

        var result = await nodes.RunAsync("FR", "case", "show", missing, "--json");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(string.Empty, result.Output);
        var (code, reason, message, _) = JsonErrors.Single(result);
        Assert.Equal("NOT_FOUND", code);
        Assert.Equal("NOT_FOUND", reason);
        Assert.Contains(missing, message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--node", "https://127.0.0.1:1", "node")]
    [InlineData("case", "bogus")]
    public async Task Json_UsageError_OneJsonObjectExit64(params string[] args)
    {
        var result = await FedctlRunner.RunAsync(["--json", "--api-key-file", nodes.KeyFile, .. args], TestContext.Current.CancellationToken);

        Assert.Equal(64, result.ExitCode);
        Assert.Equal(string.Empty, result.Output);
        var (code, _, message, _) = JsonErrors.Single(result);
        Assert.Equal("INVALID_ARGUMENT", code);
        Assert.NotEqual(string.Empty, message);
    }

    [Fact]
    public async Task CaseShow_LowerCaseId_NormalizedByFedctlAndByTheNode()
    {
        var id = (await nodes.RunAsync("FR", "case", "create", "--title", "lower case id", "--json")).Json().GetProperty("federationCaseId").GetString()!;

        var shown = (await nodes.RunAsync("FR", "case", "show", id.ToLowerInvariant(), "--json")).Json();
        var fromNode = await nodes.Federation["FR"].AdminClient().Cases.GetCaseAsync(
            new GetCaseRequest { FederationCaseId = id.ToLowerInvariant() }, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(id, shown.GetProperty("federationCaseId").GetString());
        Assert.Equal(id, fromNode.FederationCaseId);
    }

    [Fact]
    public async Task CaseConsent_NoScope_ExitsUsageSayingHowAndChangesNothing()
    {
        var id = await ConsentedCaseAsync();

        var result = await nodes.RunAsync("FR", "case", "consent", id);

        Assert.Equal(64, result.ExitCode);
        Assert.Equal($"error: case consent needs what the reporter allows: --scope share-summary [--scope share-vendor …], or --withdraw-all to withdraw all consent "
                     + $"(partners then delete what they hold of {id})." + Nl, result.Error);
        Assert.Equal(["share-summary"], await ScopesAsync(id));
    }

    [Fact]
    public async Task CaseConsent_WithdrawAllStdinNotATerminal_NeedsYesAndChangesNothing()
    {
        var id = await ConsentedCaseAsync();

        var result = await nodes.RunAsync("FR", "case", "consent", id, "--withdraw-all");

        Assert.Equal(64, result.ExitCode);
        Assert.Equal($"error: --withdraw-all needs --yes when stdin is not a terminal (nobody can confirm withdrawing all consent for {id})." + Nl, result.Error);
        Assert.Equal(["share-summary"], await ScopesAsync(id));
    }

    [Fact]
    public async Task CaseConsent_WithdrawAllYes_WithdrawsEveryScope()
    {
        var id = await ConsentedCaseAsync();

        var result = await nodes.RunAsync("FR", "case", "consent", id, "--withdraw-all", "--yes");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(string.Empty, result.Error);
        Assert.Empty(await ScopesAsync(id));
    }

    [Fact]
    public async Task CaseConsent_WithdrawAllAtTerminal_AsksAndWithdrawsOnlyOnYes()
    {
        var id = await ConsentedCaseAsync();

        var declined = await nodes.RunAtTerminalAsync("n\n", "FR", "case", "consent", id, "--withdraw-all");
        var scopesAfterNo = await ScopesAsync(id);
        var confirmed = await nodes.RunAtTerminalAsync("y\n", "FR", "case", "consent", id, "--withdraw-all");

        var question = $"Withdraw all consent for {id}? Partners holding its summary will delete it. [y/N] ";
        Assert.Equal(1, declined.ExitCode);
        Assert.Equal($"{question}error: consent for {id} is unchanged (not confirmed)." + Nl, declined.Error);
        Assert.Equal(["share-summary"], scopesAfterNo);
        Assert.Equal(0, confirmed.ExitCode);
        Assert.Equal(question, confirmed.Error);
        Assert.Empty(await ScopesAsync(id));
    }

    [Fact]
    public async Task CaseConsent_ScopeAndWithdrawAll_ExitsUsage()
    {
        var result = await nodes.RunAsync("FR", "case", "consent", "FR-01JD3Q5V7X8Y9Z0A1B2C3D4E5F", "--scope", "share-summary", "--withdraw-all");

        Assert.Equal(64, result.ExitCode);
        Assert.Equal("error: --scope and --withdraw-all contradict each other: name the scopes the reporter allows, or withdraw all of them." + Nl, result.Error);
    }

    [Fact]
    public async Task Events_NotJson_SaysOnStderrItIsWaitingFromWhichNode()
    {
        var port = FreePort();

        var result = await FedctlRunner.RunAsync(["--node", $"127.0.0.1:{port}", "--api-key-file", nodes.KeyFile, "events"], TestContext.Current.CancellationToken);

        Assert.Equal(69, result.ExitCode);
        Assert.StartsWith($"Waiting for events from http://127.0.0.1:{port}… (Ctrl+C to stop){Nl}error: the node at http://127.0.0.1:{port} did not answer", result.Error,
            StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.Output);
    }

    [Fact]
    public async Task Events_Json_NoWaitingLine()
    {
        var result = await FedctlRunner.RunAsync(["--node", $"127.0.0.1:{FreePort()}", "--api-key-file", nodes.KeyFile, "events", "--json"],
            TestContext.Current.CancellationToken);

        Assert.Equal(69, result.ExitCode);
        Assert.Equal("NODE_UNREACHABLE", JsonErrors.Single(result).Reason);
    }

    [Fact]
    public async Task Status_OwnCase_ExitsUsagePointingToCaseShow()
    {
        var id = (await nodes.RunAsync("FR", "case", "create", "--title", "ours", "--json")).Json().GetProperty("federationCaseId").GetString()!;

        var result = await nodes.RunAsync("FR", "status", id.ToLowerInvariant());

        Assert.Equal(64, result.ExitCode);
        Assert.Equal($"error: {id} is a case of this node (FR): use `fedctl case show {id}`." + Nl, result.Error);
        Assert.Equal(string.Empty, result.Output);
    }

    [Fact]
    public async Task Share_RefusedForEveryPartner_ExitsOneSayingWhyPerPartner()
    {
        var id = (await nodes.RunAsync("FR", "case", "create", "--title", "no consent", "--tlp", "AMBER", "--json")).Json().GetProperty("federationCaseId").GetString()!;

        var result = await nodes.RunAsync("FR", "share", id);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"error: nothing was sent for {id}: no partner received anything new (DE: the reporter has not given consent 'share-summary')." + Nl,
            result.Error);
        Assert.Contains("DE withheld or refused:", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Share_AgainWithNothingNew_ExitsOneAlreadyHeld_FirstTimeExitsZero()
    {
        var id = await ConsentedCaseAsync();

        var first = await nodes.RunAsync("FR", "share", id);
        var again = await nodes.RunAsync("FR", "share", id);

        Assert.Equal(0, first.ExitCode);
        Assert.Equal(string.Empty, first.Error);
        Assert.Equal(1, again.ExitCode);
        Assert.Equal($"error: nothing was sent for {id}: no partner received anything new (DE: revision 2 was already shared with DE; nothing new was sent)." + Nl,
            again.Error);
    }

    [Fact]
    public async Task Share_ReceivedCase_OnlyTheOriginCanShare_UnknownForeignCaseNotFound()
    {
        var id = await ConsentedCaseAsync();
        Assert.Equal(0, (await nodes.RunAsync("FR", "share", id)).ExitCode);
        await Eventually.UntilAsync(() => nodes.RunAsync("DE", "received", "--origin", "FR", "--limit", "1000", "--json"),
            r => r.ExitCode == 0 && r.Output.Contains(id, StringComparison.Ordinal), $"DE to receive {id}");

        var received = await nodes.RunAsync("DE", "share", id);
        var unknown = await nodes.RunAsync("DE", "share", "FR-01JD3Q5V7X8Y9Z0A1B2C3D4E5F");

        Assert.Equal(1, received.ExitCode);
        Assert.Equal($"error: FailedPrecondition: only the origin FR can share {id}; this node holds a received summary" + Nl, received.Error);
        Assert.Equal(1, unknown.ExitCode);
        Assert.Equal("error: NotFound: No case FR-01JD3Q5V7X8Y9Z0A1B2C3D4E5F exists on this node (its origin is FR)." + Nl, unknown.Error);
    }

    private async Task<string> ConsentedCaseAsync()
    {
        var id = (await nodes.RunAsync("FR", "case", "create", "--title", $"consented {Guid.NewGuid():N}", "--tlp", "AMBER", "--json")).Json()
            .GetProperty("federationCaseId").GetString()!;
        (await nodes.RunAsync("FR", "case", "consent", id, "--scope", "share-summary", "--json")).Json();
        return id;
    }

    private async Task<List<string?>> ScopesAsync(string id)
    {
        var shown = (await nodes.RunAsync("FR", "case", "show", id, "--json")).Json();
        return shown.TryGetProperty("consentScopes", out var scopes) ? [.. scopes.EnumerateArray().Select(s => s.GetString())] : [];
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
