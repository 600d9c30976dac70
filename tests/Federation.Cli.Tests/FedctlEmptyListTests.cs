namespace Federation.Cli.Tests;

/// <summary>
/// An empty list says what is empty and what would fill it. Fresh nodes of their own (this class's
/// fixture): DE here never gets a case, a summary or a delivery of a case.
/// </summary>
public sealed class FedctlEmptyListTests(CliNodeFixture nodes) : IClassFixture<CliNodeFixture>
{
    private static readonly string Nl = Environment.NewLine;

    [Fact]
    public async Task CaseList_NoCase_SaysHowToRecordOne()
    {
        var result = await nodes.RunAsync("DE", "case", "list");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("No cases on this node yet: `fedctl case create --title …` records one." + Nl, result.Output);
    }

    [Fact]
    public async Task Received_NothingReceived_SaysWhatSendsSummaries()
    {
        var all = await nodes.RunAsync("DE", "received");
        var fromFr = await nodes.RunAsync("DE", "received", "--origin", "fr");

        const string Tail = ": a partner's summary arrives when its operator runs `fedctl share CASE` and a treaty in force and the reporter's consent allow it; "
                            + "withdrawn summaries are not listed.";
        Assert.Equal(0, all.ExitCode);
        Assert.Equal(Unwrapped("No summaries received" + Tail), Unwrapped(all.Output));
        Assert.Equal(Unwrapped("No summaries received from FR" + Tail), Unwrapped(fromFr.Output));
    }

    [Fact]
    public async Task Deliveries_NoneForTheCase_SaysShareSendsThem()
    {
        var id = (await nodes.RunAsync("FR", "case", "create", "--title", "never shared", "--json")).Json().GetProperty("federationCaseId").GetString()!;

        var result = await nodes.RunAsync("FR", "deliveries", "--case", id.ToLowerInvariant());

        Assert.Equal(0, result.ExitCode);
        Assert.Equal($"No deliveries for {id} yet: `fedctl share {id}` sends its summary to partners." + Nl, result.Output);
    }

    [Fact]
    public async Task Deliveries_NoCaseFilter_ListsTheTreatyCountersignatureToo()
    {
        // Not empty on a fresh node: its countersignature of the treaty went to the other party.
        var result = await nodes.RunAsync("DE", "deliveries");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("DE-M-", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("No deliveries", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AssessmentsAndEmbargo_FreshCase_SayWhatRecordsThem()
    {
        var id = (await nodes.RunAsync("FR", "case", "create", "--title", "fresh", "--json")).Json().GetProperty("federationCaseId").GetString()!;

        var assessments = await nodes.RunAsync("FR", "case", "assessments", id);
        var embargo = await nodes.RunAsync("FR", "embargo", "show", id);

        Assert.Equal("No assessment yet: `fedctl case assess CASE --cvss 'CVSS:4.0/…'` records one." + Nl, assessments.Output);
        Assert.EndsWith("No embargo signal yet: `fedctl embargo propose CASE --date …` (or --preset) proposes a publication date to every participant." + Nl,
            Unwrapped(embargo.Output) + Nl, StringComparison.Ordinal);
    }

    // The runner's console is 400 columns wide, but a sentence may still be wrapped by Spectre: compare it as one line.
    private static string Unwrapped(string text) => string.Join(' ', text.Split(Nl, StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()));
}
