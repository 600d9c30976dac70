using Federation.Testing;

namespace Federation.Cli.Tests;

/// <summary>Every table fits a 120-column terminal, with ids whole (copyable) rather than wrapped or cut.</summary>
public sealed class FedctlLayoutTests(CliNodeFixture nodes) : IClassFixture<CliNodeFixture>
{
    private const int Width = 120;

    [Fact]
    public async Task Tables_At120Columns_FitAndKeepIdsWhole()
    {
        var ct = TestContext.Current.CancellationToken;
        var id = (await nodes.RunAsync("FR", "case", "create",
            "--title", "Indirect prompt injection through PDF metadata in a clinical triage assistant used by emergency departments",
            "--synopsis", "Crafted documents make the assistant ignore its triage policy and under-prioritise patients.",
            "--vendor", "ExampleMed AI Laboratories", "--product", "TriageAssist Enterprise", "--model-version", "2.3.1-hotfix.4",
            "--sector", "health", "--taxonomy", "AML.T0051", "--component", "guardrails", "--tlp", "AMBER", "--json")).Json().GetProperty("federationCaseId").GetString()!;
        (await nodes.RunAsync("FR", "case", "consent", id, "--scope", "share-summary", "--scope", "share-vendor", "--json")).Json();
        (await nodes.RunAsync("FR", "case", "assess", id, "--cvss", "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N",
            "--ssvc", "SSVC/E:A/A:Y/T:T/M:H", "--by", "Dr. A. Very-Long-Analyst-Name", "--json")).Json();
        var shared = await nodes.RunAtWidthAsync(Width, "FR", "share", id);
        var messageId = (await nodes.RunAsync("FR", "deliveries", "--case", id, "--json")).Json().GetProperty("deliveries")[0].GetProperty("messageId").GetString()!;
        (await nodes.RunAsync("FR", "embargo", "propose", id, "--date", "2027-01-15T09:00Z", "--json")).Json();
        await Eventually.UntilAsync(() => nodes.RunAsync("DE", "received", "--json"),
            r => r.ExitCode == 0 && r.Output.Contains(id, StringComparison.Ordinal), $"DE to receive {id}");

        var outputs = new Dictionary<string, (CliResult Result, string[] Ids)>
        {
            ["share"] = (shared, [id, messageId]),
            ["case list"] = (await nodes.RunAtWidthAsync(Width, "FR", "case", "list"), [id]),
            ["deliveries"] = (await nodes.RunAtWidthAsync(Width, "FR", "deliveries", "--case", id), [id, messageId]),
            ["received"] = (await nodes.RunAtWidthAsync(Width, "DE", "received"), [id]),
            ["treaty list"] = (await nodes.RunAtWidthAsync(Width, "FR", "treaty", "list"), []),
            ["treaty history"] = (await nodes.RunAtWidthAsync(Width, "FR", "treaty", "history", "test-treaty"), []),
            ["peer list"] = (await nodes.RunAtWidthAsync(Width, "FR", "peer", "list"), []),
            ["assessments"] = (await nodes.RunAtWidthAsync(Width, "FR", "case", "assessments", id), ["CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N"]),
            ["embargo show --tz"] = (await nodes.RunAtWidthAsync(Width, "FR", "embargo", "show", id, "--tz", "Asia/Tokyo"), []),
            ["case deadlines"] = (await nodes.RunAtWidthAsync(Width, "FR", "case", "deadlines", id), []),
            ["taxonomy list"] = (await nodes.RunAtWidthAsync(Width, "FR", "taxonomy", "list"), ["AML.T0051"]),
        };

        Assert.Equal(0, shared.ExitCode);
        foreach (var (command, (result, ids)) in outputs)
        {
            Assert.True(result.ExitCode == 0, $"{command} exited {result.ExitCode}: {result.Error}");
            var lines = result.Output.Split(Environment.NewLine);
            var widest = lines.MaxBy(l => l.Length)!;
            Assert.True(widest.Length <= Width, $"{command} printed a line of {widest.Length} columns:{Environment.NewLine}{result.Output}");
            foreach (var whole in ids)
            {
                Assert.True(lines.Any(l => l.Contains(whole, StringComparison.Ordinal)), $"{command} did not print {whole} on one line:{Environment.NewLine}{result.Output}");
            }
        }
    }
}
