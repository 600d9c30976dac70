using Federation.Testing;
using Federation.Transparency.Bundles;

namespace Federation.Verifier.Tests;

/// <summary>fedverify as an auditor runs it, on bundles of an in-memory log: exit codes, summary, first failure.</summary>
public sealed class FedverifyProcessTests : IDisposable
{
    private readonly MemoryLog _log = new();
    private readonly TempDirectory _folder = new();

    public FedverifyProcessTests()
    {
        _log.Append(40);
        _log.Sign();
        _log.Append(25);
        _log.Sign();
    }

    public void Dispose()
    {
        _log.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public async Task SoundBundle_WithKeyAndReceipt_ExitsZeroWithASummary()
    {
        var bundle = await WriteAsync(await _log.ExportAsync(10, 50));
        var receipt = Path.Combine(_folder.Path, "receipt.note");
        await File.WriteAllTextAsync(receipt, _log.Receipt(12), TestContext.Current.CancellationToken);

        var result = await Fedverify.RunAsync([bundle, "--key", _log.Signer.PublicKey.ToString(), "--receipt", receipt], TestContext.Current.CancellationToken);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("the bundle holds", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("[10, 50): 40 leaves", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("(given with --key)", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("DE-M-00000012: logged at leaf 12", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutKey_TheSummarySaysTheKeyCameFromTheBundle()
    {
        var result = await Fedverify.RunAsync([await WriteAsync(await _log.ExportAsync(0, 65))], TestContext.Current.CancellationToken);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("taken from the bundle itself", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChangedLeaf_ExitsOneNamingIt()
    {
        var bundle = await _log.ExportAsync(10, 50);
        var leaves = bundle.Leaves.ToList();
        leaves[3] = leaves[3] with { Actor = "peer:JP" };

        var result = await Fedverify.RunAsync([await WriteAsync(bundle with { Leaves = leaves })], TestContext.Current.CancellationToken);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("First failure: leaf 13 ($.leaves[3]): its hash does not match", result.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData]
    [InlineData("a.json", "b.json")]
    [InlineData("a.json", "--key")]
    [InlineData("a.json", "--key", "not-a-key")]
    [InlineData("a.json", "--frobnicate")]
    [InlineData("/nonexistent/bundle.json")]
    public async Task UsageErrors_ExitTwo(params string[] args)
    {
        var result = await Fedverify.RunAsync(args, TestContext.Current.CancellationToken);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.StartsWith("fedverify: ", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FileJustOverTheLimit_ExitsTwoBeforeReadingIt()
    {
        // Sparse: as large as it says, without writing (or fedverify reading) 256 MiB.
        var path = Path.Combine(_folder.Path, "huge.json");
        await using (var file = File.Create(path))
        {
            file.SetLength(BundleJson.MaxBytes + 1);
        }

        var result = await Fedverify.RunAsync([path], TestContext.Current.CancellationToken);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains($"has {BundleJson.MaxBytes + 1} bytes; bundles of more than {BundleJson.MaxBytes} bytes (256 MiB) are not read", result.Stderr, StringComparison.Ordinal);
    }

    private async Task<string> WriteAsync(AuditBundle bundle)
    {
        var path = Path.Combine(_folder.Path, $"bundle-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, BundleJson.Write(bundle), TestContext.Current.CancellationToken);
        return path;
    }
}
