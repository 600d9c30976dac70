using System.Diagnostics;

namespace Federation.Verifier.Tests;

/// <summary>Runs the built fedverify (same configuration as this test assembly) as its own process, bounded in time.</summary>
public static class Fedverify
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public static string Dll { get; } = Find();

    public static async Task<FedverifyResult> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = new Process { StartInfo = start };
        process.Start();
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(Timeout);
        try
        {
            await process.WaitForExitAsync(bounded.Token);
            return new FedverifyResult(process.ExitCode, await stdout, await stderr);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10), CancellationToken.None);
            throw new TimeoutException($"fedverify {string.Join(' ', args)} did not finish within {Timeout.TotalSeconds:0}s.\nstdout: {await stdout}\nstderr: {await stderr}");
        }
    }

    private static string Find()
    {
        // This assembly lives in tests/Federation.Verifier.Tests/bin/<Configuration>/net10.0/.
        var here = new DirectoryInfo(AppContext.BaseDirectory);
        var configuration = here.Parent!.Name;
        for (var folder = here; folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Federation.sln")))
            {
                var dll = Path.Combine(folder.FullName, "src", "Federation.Verifier", "bin", configuration, "net10.0", "fedverify.dll");
                return File.Exists(dll) ? dll : throw new FileNotFoundException($"{dll} does not exist: build the solution in {configuration} first.", dll);
            }
        }

        throw new InvalidOperationException($"No Federation.sln above {AppContext.BaseDirectory}.");
    }
}
