using System.Diagnostics;
using System.Globalization;

namespace Federation.Benchmarks;

/// <summary>
/// The load tool's handle on <see cref="OrphanGuard"/>: started once the processes it watches are, stopped first on dispose
/// (the load tool then stops those processes itself, in order).
/// </summary>
internal sealed class OrphanGuardProcess : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly Process _process;

    private OrphanGuardProcess(Process process)
    {
        _process = process;
    }

    public int Pid => _process.Id;

    public static async Task<OrphanGuardProcess> StartAsync(IEnumerable<int> watched, CancellationToken cancellationToken)
    {
        var args = new List<string> { "guard", "--parent", Environment.ProcessId.ToString(CultureInfo.InvariantCulture) };
        foreach (var pid in watched)
        {
            args.AddRange(["--pid", pid.ToString(CultureInfo.InvariantCulture)]);
        }

        var process = Process.Start(SelfProcess.StartInfo(args)) ?? throw new InvalidOperationException("Could not start the orphan guard.");
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(Patience);
            var line = await process.StandardOutput.ReadLineAsync(timeout.Token);
            return line is not null && line.StartsWith("guarding", StringComparison.Ordinal)
                ? new OrphanGuardProcess(process)
                : throw new InvalidOperationException($"The orphan guard did not start (it said \"{line}\"; exited: {process.HasExited}).");
        }
        catch
        {
            await StopAsync(process);
            throw;
        }
    }

    public ValueTask DisposeAsync() => new(StopAsync(_process));

    private static async Task StopAsync(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the kill.
        }

        await process.WaitForExitAsync(CancellationToken.None);
        process.Dispose();
    }
}
