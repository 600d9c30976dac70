using Federation.Testing;
using Federation.Transparency;
using Federation.Transparency.Bundles;

namespace Federation.Cli.Tests;

/// <summary>fedctl audit checkpoint|verify|prove|export against a real node (the flows themselves: Federation.Node.Tests AuditLogTests).</summary>
public sealed class FedctlAuditTests(CliNodeFixture nodes) : IClassFixture<CliNodeFixture>
{
    [Fact]
    public async Task Checkpoint_PrintsTheSignedNoteAndTheKey()
    {
        await nodes.Federation["FR"].SignCheckpointAsync(TestContext.Current.CancellationToken);

        var result = await nodes.RunAsync("FR", "audit", "checkpoint");
        var json = await nodes.RunAsync("FR", "audit", "checkpoint", "--json");

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("Log federation.audit/fr: ", result.Output, StringComparison.Ordinal);
        Assert.Contains("\n\u2014 federation.audit/fr ", result.Output, StringComparison.Ordinal);
        var note = json.Json().GetProperty("note").GetString()!;
        var key = NoteKey.Parse(json.Json().GetProperty("keys")[0].GetString()!);
        Assert.Contains(key.ToString(), result.Output, StringComparison.Ordinal);
        Assert.Equal("federation.audit/fr", CheckpointVerifier.Open(note, key).Origin);
    }

    [Fact]
    public async Task Verify_SoundLog_Exit0()
    {
        await nodes.Federation["FR"].SignCheckpointAsync(TestContext.Current.CancellationToken);

        var result = await nodes.RunAsync("FR", "audit", "verify");

        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"^The log holds: \d+ leaves recomputed, \d+ checkpoints compared\.", result.Output);
    }

    [Fact]
    public async Task Prove_UnknownMessage_NotFoundExit1()
    {
        var result = await nodes.RunAsync("FR", "audit", "prove", "de-m-01jd3q5v7x8y9z0a1b2c3d4e5f", "--json");

        Assert.Equal(1, result.ExitCode);
        var (code, _, message, field) = JsonErrors.Single(result);
        Assert.Equal("NOT_FOUND", code);
        Assert.Contains("DE-M-01JD3Q5V7X8Y9Z0A1B2C3D4E5F", message, StringComparison.Ordinal);
        Assert.Equal("message_id", field);
    }

    [Fact]
    public async Task Export_ToAFile_IsABundleThatHolds()
    {
        var signed = await nodes.Federation["FR"].SignCheckpointAsync(TestContext.Current.CancellationToken);
        var path = Path.Combine(Path.GetTempPath(), $"fedctl-export-{Guid.NewGuid():N}.json");
        try
        {
            var result = await nodes.RunAsync("FR", "audit", "export", "--from", "1", "--out", path);

            Assert.True(result.ExitCode == 0, result.Error);
            Assert.StartsWith($"Wrote ", result.Output, StringComparison.Ordinal);
            var report = BundleVerifier.Verify(await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken));
            Assert.Equal("federation.audit/fr", report.Origin);
            Assert.Equal(1, report.From);
            Assert.True(report.To >= signed.Checkpoint!.Size);
            Assert.False(File.Exists(path + ".partial"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Export_PastTheLatestCheckpoint_FailedPreconditionExit1AndNoFile()
    {
        var signed = await nodes.Federation["FR"].SignCheckpointAsync(TestContext.Current.CancellationToken);
        var path = Path.Combine(Path.GetTempPath(), $"fedctl-export-{Guid.NewGuid():N}.json");

        var result = await nodes.RunAsync("FR", "audit", "export", "--to", (signed.Checkpoint!.Size + 1000).ToString(System.Globalization.CultureInfo.InvariantCulture), "--out", path, "--json");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("FAILED_PRECONDITION", JsonErrors.Single(result).Code);
        Assert.False(File.Exists(path));
        Assert.False(File.Exists(path + ".partial"));
    }
}
