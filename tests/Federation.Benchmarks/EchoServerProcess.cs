using System.Diagnostics;
using System.Globalization;

namespace Federation.Benchmarks;

/// <summary>
/// The load tool's handle on <see cref="EchoServerHost"/>: this executable again, in its own process, reading its
/// certificate, key and anchors from PEM files the caller wrote. Killed (with anything it started) on dispose, whether the
/// run succeeded or not; it also exits on its own, within a second, should the load tool die first (its input closes, its
/// parent changes).
/// </summary>
internal sealed class EchoServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly Process _process;

    private EchoServerProcess(Process process, string address)
    {
        _process = process;
        Address = address;
    }

    /// <summary>https://localhost:PORT, by host name as the certificate names it.</summary>
    public string Address { get; }

    public int Pid => _process.Id;

    public static async Task<EchoServerProcess> StartAsync(string certificate, string key, string anchors, CancellationToken cancellationToken)
    {
        var start = SelfProcess.StartInfo(
            ["echo-server", "--cert", certificate, "--key", key, "--anchors", anchors, "--parent", Environment.ProcessId.ToString(CultureInfo.InvariantCulture)]);
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {start.FileName}.");
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(Patience);
            var line = await process.StandardOutput.ReadLineAsync(timeout.Token);
            return line is not null && line.StartsWith("https://", StringComparison.Ordinal)
                ? new EchoServerProcess(process, line)
                : throw new InvalidOperationException($"The echo server did not start (it said \"{line}\"; exited: {process.HasExited}).");
        }
        catch
        {
            Kill(process);
            await process.WaitForExitAsync(CancellationToken.None);
            process.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Kill(_process);
        await _process.WaitForExitAsync(CancellationToken.None);
        _process.Dispose();
    }

    private static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the kill.
        }
    }
}
