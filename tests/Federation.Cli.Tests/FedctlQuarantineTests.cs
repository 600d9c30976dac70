namespace Federation.Cli.Tests;

/// <summary>fedctl quarantine list|retry|drop against a real node with nothing quarantined (the flow itself: Federation.Node.Tests QuarantineTests).</summary>
public sealed class FedctlQuarantineTests(CliNodeFixture nodes) : IClassFixture<CliNodeFixture>
{
    private const string Unknown = "DE-M-01JD3Q5V7X8Y9Z0A1B2C3D4E5F";

    [Fact]
    public async Task List_NothingQuarantined_SaysSo()
    {
        var result = await nodes.RunAsync("FR", "quarantine", "list");
        var json = await nodes.RunAsync("FR", "quarantine", "list", "--json");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("Nothing is quarantined." + Environment.NewLine, result.Output);
        Assert.Equal(0, json.ExitCode);
        Assert.False(json.Json().TryGetProperty("envelopes", out var envelopes) && envelopes.GetArrayLength() > 0);
    }

    [Fact]
    public async Task RetryAndDrop_UnknownEnvelope_NotFoundExit1()
    {
        var retry = await nodes.RunAsync("FR", "quarantine", "retry", Unknown.ToLowerInvariant(), "--json");
        var drop = await nodes.RunAsync("FR", "quarantine", "drop", Unknown, "--reason", "test", "--json");

        Assert.Equal(1, retry.ExitCode);
        Assert.Equal(1, drop.ExitCode);
        var (code, _, message, field) = JsonErrors.Single(retry);
        Assert.Equal("NOT_FOUND", code);
        Assert.Contains(Unknown, message, StringComparison.Ordinal);
        Assert.Equal("message_id", field);
        Assert.Equal("NOT_FOUND", JsonErrors.Single(drop).Code);
    }

    [Fact]
    public async Task Drop_WithoutReason_UsageExit64()
    {
        var result = await nodes.RunAsync("FR", "quarantine", "drop", Unknown);

        Assert.Equal(64, result.ExitCode);
        Assert.Contains("--reason", result.Error, StringComparison.Ordinal);
    }
}
