using Federation.Testing;
using Serilog.Core;
using Serilog.Events;

namespace Federation.Node.Tests;

/// <summary>A node starting on an empty data folder creates its store without a single EF Core warning.</summary>
public sealed class FreshStoreStartupTests
{
    [Fact]
    public async Task Startup_FreshStore_NoEntityFrameworkWarning()
    {
        var ct = TestContext.Current.CancellationToken;
        using var folder = new TempDirectory();
        var pki = new TestPki(folder.Combine("pki"));
        pki.Ca("FR");
        pki.Ca("DE");
        TreatyFiles.Write(folder.Combine("treaties"), "t.yaml", TreatyFiles.Yaml("t", ["FR", "DE"]));
        var logs = new LogCapture();

        await using var node = await TestNode.StartAsync("FR", pki, folder.Path, ["DE"], folder.Combine("treaties"),
            services: s => s.AddSingleton<ILogEventSink>(logs), cancellationToken: ct);

        // The node logs at Warning and above in tests: every EF event that reaches the capture is a warning or worse.
        var warnings = logs.From("Microsoft.EntityFrameworkCore").Where(e => e.Level >= LogEventLevel.Warning).ToList();
        Assert.True(warnings.Count == 0, string.Join(Environment.NewLine, warnings.Select(w => w.RenderMessage(System.Globalization.CultureInfo.InvariantCulture))));
        Assert.True(File.Exists(Path.Combine(node.DataDirectory, "federation.db")), "the store was not created where the test looked for warnings");
    }
}
