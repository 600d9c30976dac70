using System.Net;
using System.Net.Sockets;

namespace Federation.Cli.Tests;

/// <summary>fedctl's commands, exit codes and messages against real in-process nodes.</summary>
public sealed class FedctlTests(CliNodeFixture nodes) : IClassFixture<CliNodeFixture>
{
    [Fact]
    public async Task KeyHash_Key_PrintsSha256Hex()
    {
        var result = await FedctlRunner.RunAsync(["key", "hash", "abc"], TestContext.Current.CancellationToken);

        Assert.Equal(0, result.ExitCode);
        // SHA-256("abc"), FIPS 180-2 test vector.
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", result.Output.Trim());
    }

    [Fact]
    public async Task Node_MissingKeyFile_ExitsOneNamingTheFile()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"no-such-key-{Guid.NewGuid():N}");

        var result = await FedctlRunner.RunAsync(
            ["--node", nodes.Federation["FR"].AdminAddress, "--api-key-file", missing, "node"], TestContext.Current.CancellationToken);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"'{missing}' does not exist", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Node_WrongKey_ExitsOneUnauthenticated()
    {
        var result = await FedctlRunner.RunAsync(
            ["--node", nodes.Federation["FR"].AdminAddress, "--api-key-file", nodes.WrongKeyFile, "node"], TestContext.Current.CancellationToken);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("error: Unauthenticated:", result.Error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.Output);
    }

    [Fact]
    public async Task Node_NothingListening_ExitsUnreachableNamingAddressAndWhatToCheck()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var result = await FedctlRunner.RunAsync(
            ["--node", $"http://127.0.0.1:{port}", "--api-key-file", nodes.KeyFile, "node"], TestContext.Current.CancellationToken);

        Assert.Equal(69, result.ExitCode);
        Assert.Equal(
            $"error: the node at http://127.0.0.1:{port} did not answer (Unavailable: Error connecting to subchannel). Is it running? "
            + "Check --node (or $FEDCTL_NODE) against the admin address in endpoints.json in the node's data folder." + Environment.NewLine,
            result.Error);
        Assert.Equal(string.Empty, result.Output);
    }

    [Fact]
    public async Task Node_Json_NamesJurisdictionAndTreaty()
    {
        var info = (await nodes.RunAsync("FR", "node", "--json")).Json();

        Assert.Equal("FR", info.GetProperty("jurisdiction").GetString());
        Assert.Equal("test-treaty", Assert.Single(info.GetProperty("treaties").EnumerateArray()).GetProperty("treatyId").GetString());
    }

    [Fact]
    public async Task CaseCreate_ThenListJson_RoundTrips()
    {
        var title = $"Jailbreak of a grid-balancing model {Guid.NewGuid():N}";

        var created = (await nodes.RunAsync("FR", "case", "create", "--title", title, "--vendor", "GridAI", "--product", "Balancer",
            "--sector", "energy", "--taxonomy", "AML.T0054", "--tlp", "GREEN", "--json")).Json();
        var listed = (await nodes.RunAsync("FR", "case", "list", "--limit", "200", "--json")).Json();

        var id = created.GetProperty("federationCaseId").GetString();
        Assert.StartsWith("FR-", id, StringComparison.Ordinal);
        var found = Assert.Single(listed.GetProperty("cases").EnumerateArray(), c => c.GetProperty("federationCaseId").GetString() == id);
        Assert.Equal(title, found.GetProperty("title").GetString());
        Assert.Equal("GridAI", found.GetProperty("vendor").GetString());
        Assert.Equal("Balancer", found.GetProperty("product").GetString());
        Assert.Equal("energy", found.GetProperty("sector").GetString());
        Assert.Equal("llm-jailbreak", found.GetProperty("taxonomyClass").GetString());
        Assert.Equal("TLP_LABEL_GREEN", found.GetProperty("tlp").GetString());
        // No consent yet: protobuf JSON leaves the empty list out.
        Assert.False(found.TryGetProperty("consentScopes", out var scopes) && scopes.GetArrayLength() > 0, $"unexpected consent: {found}");
    }

    [Fact]
    public async Task CaseAssess_ThenAssessments_ShowsScoreDecisionAndHistory()
    {
        var created = (await nodes.RunAsync("FR", "case", "create", "--title", "To assess", "--component", "guardrails", "--json")).Json();
        var id = created.GetProperty("federationCaseId").GetString()!;

        var assessed = await nodes.RunAsync("FR", "case", "assess", id, "--cvss", "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N",
            "--ssvc", "SSVC/E:A/A:Y/T:T/M:H", "--by", "Dr. Analyst");
        var history = await nodes.RunAsync("FR", "case", "assessments", id);
        var malformed = await nodes.RunAsync("FR", "case", "assess", id, "--cvss", "CVSS:4.0/AV:N");

        Assert.Equal(0, assessed.ExitCode);
        Assert.Contains("(9.3 Critical)", assessed.Output, StringComparison.Ordinal);
        Assert.Contains("SSVC/E:A/A:Y/T:T/M:H/D:AC (Act)", assessed.Output, StringComparison.Ordinal);
        Assert.Contains("guardrails", assessed.Output, StringComparison.Ordinal);
        Assert.Contains("Dr. Analyst", history.Output, StringComparison.Ordinal);
        Assert.Contains("Critical", history.Output, StringComparison.Ordinal);
        Assert.Equal(1, malformed.ExitCode);
        Assert.StartsWith("error: InvalidArgument:", malformed.Error, StringComparison.Ordinal);
        Assert.Contains("'AC'", malformed.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TaxonomyList_French_ShowsIdsAtlasAndFrenchNames()
    {
        var result = await nodes.RunAsync("FR", "taxonomy", "list", "--lang", "fr");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("llm-jailbreak", result.Output, StringComparison.Ordinal);
        Assert.Contains("AML.T0054", result.Output, StringComparison.Ordinal);
        Assert.Contains("Injection de prompt", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Share_NamedPartnerWithoutConsent_PrintsRefusalReason()
    {
        var created = (await nodes.RunAsync("FR", "case", "create", "--title", "No consent yet", "--tlp", "AMBER", "--json")).Json();
        var id = created.GetProperty("federationCaseId").GetString()!;

        var table = await nodes.RunAsync("FR", "share", id, "--partner", "DE");
        var jsonRun = await nodes.RunAsync("FR", "share", id, "--partner", "DE", "--json");
        using var document = System.Text.Json.JsonDocument.Parse(jsonRun.Output);
        var json = document.RootElement;

        // Nothing was sent: a refusal exits 1, and the decisions are still printed.
        Assert.Equal(1, table.ExitCode);
        Assert.Equal(1, jsonRun.ExitCode);
        Assert.Contains("DE", table.Output, StringComparison.Ordinal);
        Assert.Contains("share-summary", table.Output, StringComparison.Ordinal);
        var decision = Assert.Single(json.GetProperty("decisions").EnumerateArray());
        Assert.Equal("DE", decision.GetProperty("partner").GetString());
        Assert.False(decision.TryGetProperty("shared", out var shared) && shared.GetBoolean(), $"shared without consent: {decision}");
        var reason = Assert.Single(decision.GetProperty("reasons").EnumerateArray()).GetString()!;
        Assert.Contains("share-summary", reason, StringComparison.Ordinal);
        Assert.Contains(reason, table.Output, StringComparison.Ordinal);
        Assert.False(decision.TryGetProperty("messageId", out var message) && message.GetString()!.Length > 0, $"a message was queued: {decision}");
    }

    [Fact]
    public async Task TreatyHistory_BothPartiesCountersigned_ShowsSignaturesAndInForce()
    {
        var history = (await nodes.RunAsync("FR", "treaty", "history", "test-treaty", "--json")).Json();

        var version = Assert.Single(history.GetProperty("versions").EnumerateArray());
        Assert.True(version.GetProperty("inForce").GetBoolean());
        Assert.Equal(["DE", "FR"], version.GetProperty("signatures").EnumerateArray().Select(s => s.GetProperty("jurisdiction").GetString()).Order());
    }

    [Fact]
    public async Task TreatyDiff_UnknownVersion_ExitsOneNotFound()
    {
        var result = await nodes.RunAsync("FR", "treaty", "diff", "test-treaty", "v1", "v7");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("NotFound", result.Error, StringComparison.Ordinal);
        Assert.Contains("v7 is not installed", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Embargo_ProposeThenShowWithZone_UtcAndLocalHourBothShown()
    {
        var created = (await nodes.RunAsync("FR", "case", "create", "--title", "embargo test", "--tlp", "GREEN", "--json")).Json();
        var caseId = created.GetProperty("federationCaseId").GetString()!;

        var proposed = (await nodes.RunAsync("FR", "embargo", "propose", caseId, "--date", "2027-01-15T09:00Z", "--json")).Json();
        var shown = await nodes.RunAsync("FR", "embargo", "show", caseId, "--tz", "Asia/Tokyo");
        var undated = await nodes.RunAsync("FR", "embargo", "propose", caseId, "--date", "2027-01-15");

        Assert.Equal("2027-01-15T09:00:00Z", proposed.GetProperty("history")[0].GetProperty("signal").GetProperty("date").GetString());
        Assert.Contains("2027-01-15 09:00 UTC (2027-01-15 18:00 +09:00 Asia/Tokyo)", shown.Output, StringComparison.Ordinal);
        Assert.Equal(1, undated.ExitCode);
        Assert.Contains("must be an instant with its zone", undated.Error, StringComparison.Ordinal);
    }
}
