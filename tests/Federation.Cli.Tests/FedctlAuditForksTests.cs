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
        var (known, conflicting, certificate, proof) = await RecordForkOfDeOnFrAsync(ct);

        var list = await nodes.RunAsync("FR", "audit", "forks", "list");
        var json = (await nodes.RunAsync("FR", "audit", "forks", "list", "--json")).Json();

        Assert.Equal(0, list.ExitCode);
        Assert.Contains("size 3, root " + Convert.ToHexStringLower(known.RootHash)[..16], list.Output, StringComparison.Ordinal);
        Assert.Contains("size 5, root " + Convert.ToHexStringLower(conflicting.RootHash)[..16], list.Output, StringComparison.Ordinal);
        Assert.Contains("open", list.Output, StringComparison.Ordinal);
        Assert.Contains("the consistency proof from size 3 to 5 fails", list.Output, StringComparison.Ordinal);
        // Which certificates verified the notes (by fingerprint; --json has them whole), and the failing proof's shape.
        var fingerprint = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(certificate))[..16];
        Assert.Contains($"signed under: kept certificate not kept; conflicting certificate sha256 {fingerprint}", list.Output, StringComparison.Ordinal);
        Assert.Contains("failing proof from size 3 to 5: 2 hash(es)", list.Output, StringComparison.Ordinal);
        var fork = Assert.Single(json.GetProperty("forks").EnumerateArray());
        Assert.Equal("DE", fork.GetProperty("partner").GetString());
        Assert.Equal(known.Note, fork.GetProperty("known").GetProperty("note").GetString());
        Assert.Equal(conflicting.Note, fork.GetProperty("conflicting").GetProperty("note").GetString());
        Assert.Equal(Convert.ToBase64String(conflicting.RootHash), fork.GetProperty("conflicting").GetProperty("rootHash").GetString());
        Assert.Equal(Convert.ToBase64String(certificate), fork.GetProperty("conflicting").GetProperty("certificate").GetString());
        Assert.False(fork.GetProperty("known").TryGetProperty("certificate", out _));
        var failed = fork.GetProperty("failedProof");
        Assert.Equal(("3", "5"), (failed.GetProperty("oldSize").GetString(), failed.GetProperty("newSize").GetString()));
        Assert.Equal(proof.Hashes.Select(Convert.ToBase64String), failed.GetProperty("hashes").EnumerateArray().Select(h => h.GetString()));
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

    /// <summary>
    /// What FR's witness keeps when DE's proof from size 3 to 5 fails: two checkpoints signed with DE's own log key, the
    /// certificate that verified the newer one (the older one's predates certificates being kept), and the proof.
    /// </summary>
    private async Task<(StoredCheckpoint Known, StoredCheckpoint Conflicting, byte[] Certificate, FailedConsistencyProof Proof)> RecordForkOfDeOnFrAsync(CancellationToken ct)
    {
        var signer = nodes.Federation["DE"].Services.GetRequiredService<LogKeyring>().Current;
        var certificate = nodes.Federation["DE"].Services.GetRequiredService<Federation.Node.Security.NodeIdentity>().Current.RawData;
        var at = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        StoredCheckpoint Signed(long size, byte fill, DateTimeOffset time)
        {
            var checkpoint = new Checkpoint("federation.audit/de", size, Enumerable.Repeat(fill, 32).ToArray(), time);
            return new StoredCheckpoint("federation.audit/de", size, checkpoint.RootHash, time, signer.Sign(checkpoint).Format());
        }

        var (known, conflicting) = (Signed(3, 0x11, at), Signed(5, 0x22, at.AddMinutes(1)));
        var proof = new FailedConsistencyProof(3, 5, [Enumerable.Repeat((byte)0x33, 32).ToArray(), Enumerable.Repeat((byte)0x44, 32).ToArray()]);
        await using var scope = nodes.Federation["FR"].Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<ILogForkStore>().Add(
            new LogFork("DE", "federation.audit/de", "the consistency proof from size 3 to 5 fails", known, conflicting, DateTimeOffset.UtcNow, null, certificate, proof));
        await scope.ServiceProvider.GetRequiredService<IUnitOfWork>().SaveChangesAsync(ct);
        return (known, conflicting, certificate, proof);
    }
}
