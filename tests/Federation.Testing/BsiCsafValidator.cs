using System.Diagnostics;
using System.Text.Json;

namespace Federation.Testing;

/// <summary>
/// BSI's CSAF validator (@secvisogram/csaf-validator-lib, tests/csaf-validator/validate.mjs) run by node as a real
/// process on documents a test wrote out: the same runner the Core tests use, for documents real nodes served.
/// </summary>
public static class BsiCsafValidator
{
    // As the Core tests: on two cores shared with other test runs, node can take minutes to start the validator.
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(300);

    /// <summary>Exit code, the summary line (files, mandatoryFailures, warnings by test) and both outputs.</summary>
    public static async Task<(int ExitCode, JsonElement Summary, string Stdout, string Stderr)> ValidateAsync(
        IReadOnlyList<(string Name, byte[] Document)> documents, CancellationToken cancellationToken)
    {
        var validator = Path.Combine(RepositoryRoot(), "tests", "csaf-validator");
        if (!Directory.Exists(Path.Combine(validator, "node_modules", "@secvisogram", "csaf-validator-lib")))
        {
            throw new InvalidOperationException($"BSI's validator is not installed: run 'npm ci' in {validator} (.ci/run does).");
        }

        var folder = Directory.CreateTempSubdirectory("federation-csaf-served-");
        try
        {
            var start = new ProcessStartInfo("node")
            {
                WorkingDirectory = validator,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add("validate.mjs");
            foreach (var (name, document) in documents)
            {
                var path = Path.Combine(folder.FullName, name);
                await File.WriteAllBytesAsync(path, document, cancellationToken);
                start.ArgumentList.Add(path);
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(Timeout);
            using var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
            try
            {
                var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
                var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
                await process.WaitForExitAsync(timeout.Token);
                var output = await stdout;
                using var summary = JsonDocument.Parse(output.TrimEnd().Split('\n')[^1]);
                return (process.ExitCode, summary.RootElement.Clone(), output, await stderr);
            }
            finally
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                }
            }
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Federation.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Federation.sln above {AppContext.BaseDirectory}.");
    }
}
