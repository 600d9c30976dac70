namespace Federation.Cli.Tests;

/// <summary>fedctl peer suspend|resume|list against real in-process nodes.</summary>
public sealed class FedctlPeerSuspensionTests(CliNodeFixture nodes) : IClassFixture<CliNodeFixture>
{
    [Fact]
    public async Task PeerSuspend_ThenList_ThenResume_ShownAndLifted()
    {
        var suspend = await nodes.RunAsync("FR", "peer", "suspend", "de", "--reason", "partner reported a key compromise");

        Assert.Equal(0, suspend.ExitCode);
        Assert.Contains("DE suspended since ", suspend.Output, StringComparison.Ordinal);
        Assert.Contains("partner reported a key compromise", suspend.Output, StringComparison.Ordinal);

        var list = await nodes.RunAsync("FR", "peer", "list", "--json");
        var listed = list.Json().GetProperty("peers")[0];
        Assert.Equal("DE", listed.GetProperty("jurisdiction").GetString());
        Assert.Equal("partner reported a key compromise", listed.GetProperty("suspension").GetProperty("reason").GetString());
        var table = await nodes.RunAsync("FR", "peer", "list");
        Assert.Contains("suspended", table.Output, StringComparison.Ordinal);

        var again = await nodes.RunAsync("FR", "peer", "suspend", "DE", "--reason", "twice");
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("suspended already", again.Error, StringComparison.Ordinal);

        var resume = await nodes.RunAsync("FR", "peer", "resume", "DE");

        Assert.Equal(0, resume.ExitCode);
        Assert.StartsWith("DE resumed", resume.Output, StringComparison.Ordinal);
        var after = await nodes.RunAsync("FR", "peer", "list", "--json");
        Assert.False(after.Json().GetProperty("peers")[0].TryGetProperty("suspension", out _));
    }

    [Fact]
    public async Task PeerSuspend_NoReason_ExitsNamingTheOption()
    {
        var result = await nodes.RunAsync("DE", "peer", "suspend", "FR");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("--reason", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PeerResume_NotSuspended_ExitsOneSayingSo()
    {
        var result = await nodes.RunAsync("DE", "peer", "resume", "FR");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("FR is not suspended", result.Error, StringComparison.Ordinal);
    }
}
