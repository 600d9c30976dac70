using Federation.Core.Abstractions;
using Federation.Core.Transparency;
using Federation.Node.Transparency;
using Federation.Transparency;
using Microsoft.Extensions.DependencyInjection;

namespace Federation.Cli.Tests;

/// <summary>
/// fedctl audit forks list|clear against a real node holding a fork's evidence, written through the store port as the
/// witness writes it (the detection itself, and the cosigning after a clear: Federation.Node.Tests WitnessTests).
/// </summary>
public sealed class FedctlAuditForksTests(CliNodeFixture nodes) : IClassFixture<CliNodeFixture>
{
    [Fact]
    public async Task ListThenClear_ShowsBothCheckpoints_ClearsOnce_KeepsTheEvidenceMarkedCleared()
    {
        var ct = TestContext.Current.CancellationToken;
        var (known, conflicting) = await RecordForkOfDeOnFrAsync(ct);

        var list = await nodes.RunAsync("FR", "audit", "forks", "list");
        var json = (await nodes.RunAsync("FR", "audit", "forks", "list", "--json")).Json();

        Assert.Equal(0, list.ExitCode);
        Assert.Contains("size 5, root " + Convert.ToHexStringLower(known.RootHash)[..16], list.Output, StringComparison.Ordinal);
        Assert.Contains("size 5, root " + Convert.ToHexStringLower(conflicting.RootHash)[..16], list.Output, StringComparison.Ordinal);
        Assert.Contains("open", list.Output, StringComparison.Ordinal);
        Assert.Contains("two checkpoints of the same size with different roots", list.Output, StringComparison.Ordinal);
        var fork = Assert.Single(json.GetProperty("forks").EnumerateArray());
        Assert.Equal("DE", fork.GetProperty("partner").GetString());
        Assert.Equal(known.Note, fork.GetProperty("known").GetProperty("note").GetString());
        Assert.Equal(conflicting.Note, fork.GetProperty("conflicting").GetProperty("note").GetString());
        Assert.Equal(Convert.ToBase64String(conflicting.RootHash), fork.GetProperty("conflicting").GetProperty("rootHash").GetString());
        Assert.False(fork.TryGetProperty("cleared", out _));

        var clear = await nodes.RunAsync("FR", "audit", "forks", "clear", "de", "--reason", "DE's signer bug, fixed in 1.4.2");
        var again = await nodes.RunAsync("FR", "audit", "forks", "clear", "DE", "--reason", "again", "--json");
        var after = (await nodes.RunAsync("FR", "audit", "forks", "list", "--json")).Json();

        Assert.True(clear.ExitCode == 0, clear.Error);
        Assert.Contains("1 fork(s) of DE's log cleared", clear.Output, StringComparison.Ordinal);
        Assert.Equal(1, again.ExitCode);
        Assert.Equal(("FAILED_PRECONDITION", "partner"), (JsonErrors.Single(again).Code, JsonErrors.Single(again).Field));
        var kept = Assert.Single(after.GetProperty("forks").EnumerateArray());
        Assert.True(kept.GetProperty("cleared").GetBoolean());
        Assert.Equal("DE's signer bug, fixed in 1.4.2", kept.GetProperty("clearReason").GetString());
        Assert.StartsWith("operator:", kept.GetProperty("clearedBy").GetString(), StringComparison.Ordinal);
        Assert.Equal(conflicting.Note, kept.GetProperty("conflicting").GetProperty("note").GetString());
    }

    [Fact]
    public async Task Clear_NotAPartner_NotFound_WithoutReason_Usage64()
    {
        var unknown = await nodes.RunAsync("FR", "audit", "forks", "clear", "US", "--reason", "looked", "--json");
        var noReason = await nodes.RunAsync("FR", "audit", "forks", "clear", "DE");

        Assert.Equal(1, unknown.ExitCode);
        Assert.Equal(("NOT_FOUND", "partner"), (JsonErrors.Single(unknown).Code, JsonErrors.Single(unknown).Field));
        Assert.Equal(64, noReason.ExitCode);
    }

    /// <summary>Two checkpoints of size 5 signed with DE's own log key, with different roots: what FR's witness keeps on a fork.</summary>
    private async Task<(StoredCheckpoint Known, StoredCheckpoint Conflicting)> RecordForkOfDeOnFrAsync(CancellationToken ct)
    {
        var signer = nodes.Federation["DE"].Services.GetRequiredService<LogKeyring>().Current;
        var at = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        StoredCheckpoint Signed(byte fill, DateTimeOffset time)
        {
            var checkpoint = new Checkpoint("federation.audit/de", 5, Enumerable.Repeat(fill, 32).ToArray(), time);
            return new StoredCheckpoint("federation.audit/de", 5, checkpoint.RootHash, time, signer.Sign(checkpoint).Format());
        }

        var (known, conflicting) = (Signed(0x11, at), Signed(0x22, at.AddMinutes(1)));
        await using var scope = nodes.Federation["FR"].Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<ILogForkStore>().Add(
            new LogFork("DE", "federation.audit/de", "two checkpoints of the same size with different roots", known, conflicting, DateTimeOffset.UtcNow));
        await scope.ServiceProvider.GetRequiredService<IUnitOfWork>().SaveChangesAsync(ct);
        return (known, conflicting);
    }
}
