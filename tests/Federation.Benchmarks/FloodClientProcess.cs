using System.Diagnostics;
using Federation.Contracts.V1;
using Federation.Node.Hosting;
using Federation.Node.Security;
using Federation.Testing;
using Google.Protobuf;
using Microsoft.Extensions.DependencyInjection;

namespace Federation.Benchmarks;

/// <summary>
/// The parent's handle on <see cref="FloodClient"/>: this executable again, in its own process (pinned to its own CPUs with
/// <c>taskset -c</c> when given some), holding DE's credentials as PEM files in a temporary folder that goes with it. The
/// process is killed (with anything it started) on dispose, whether the run succeeded or not.
/// </summary>
internal sealed class FloodClientProcess : IAsyncDisposable
{
    /// <summary>How long the client may take to connect, or to report its counts once told to stop.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly TempDirectory _folder;

    private FloodClientProcess(Process process, TempDirectory folder)
    {
        _process = process;
        _folder = folder;
    }

    public int Pid => _process.Id;

    /// <summary>CPU time the client has used so far (user and system, all threads).</summary>
    public TimeSpan CpuTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    /// <summary>Starts the client as <paramref name="de"/> against <paramref name="target"/> and waits until it has connected.</summary>
    public static async Task<FloodClientProcess> StartAsync(
        TestNode de, string target, IReadOnlyList<SignedEnvelope> envelopes, int flooders, IReadOnlyList<int>? cpus, CancellationToken cancellationToken)
    {
        var folder = new TempDirectory("federation-flood");
        Process? process = null;
        try
        {
            var runtime = de.Services.GetRequiredService<NodeRuntime>();
            var certificate = folder.Combine("de-node.crt");
            var key = folder.Combine("de-node.key");
            var anchors = folder.Combine("de-anchors.pem");
            var sealedFile = folder.Combine("de-envelopes.bin");
            CertificateFactory.WritePem(runtime.Certificate, certificate, key);
            await File.WriteAllTextAsync(anchors, string.Concat(runtime.Anchors.All.Select(a => a.ExportCertificatePem() + "\n")), cancellationToken);
            await using (var file = File.Create(sealedFile))
            {
                foreach (var envelope in envelopes)
                {
                    envelope.WriteDelimitedTo(file);
                }
            }

            var start = new ProcessStartInfo { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
            var self = Environment.ProcessPath ?? throw new InvalidOperationException("This process has no executable path to start again.");
            var command = new List<string>();
            if (cpus is not null)
            {
                command.AddRange(["taskset", "-c", CpuPinning.Format(cpus)]);
            }

            command.Add(self);
            if (Path.GetFileNameWithoutExtension(self) == "dotnet")
            {
                // Run as "dotnet Federation.Benchmarks.dll": the muxer needs the assembly.
                command.Add(typeof(FloodClient).Assembly.Location);
            }

            command.AddRange(["flood-client", "--target", target, "--cert", certificate, "--key", key, "--anchors", anchors, "--envelopes", sealedFile,
                "--flooders", flooders.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            start.FileName = command[0];
            foreach (var arg in command.Skip(1))
            {
                start.ArgumentList.Add(arg);
            }

            process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {start.FileName}.");
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(Patience);
            var line = await process.StandardOutput.ReadLineAsync(timeout.Token);
            return line == FloodClient.Ready
                ? new FloodClientProcess(process, folder)
                : throw new InvalidOperationException($"The flood client did not get ready (it said \"{line}\"; exited: {process.HasExited}).");
        }
        catch
        {
            if (process is not null)
            {
                Kill(process);
                process.Dispose();
            }

            folder.Dispose();
            throw;
        }
    }

    public async Task StartFloodAsync(CancellationToken cancellationToken)
    {
        await _process.StandardInput.WriteLineAsync(FloodClient.Start);
        await _process.StandardInput.FlushAsync(cancellationToken);
    }

    /// <summary>Stops the flood and returns what the client counted.</summary>
    public async Task<FloodCounts> StopFloodAsync(CancellationToken cancellationToken)
    {
        await _process.StandardInput.WriteLineAsync(FloodClient.Stop);
        await _process.StandardInput.FlushAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Patience);
        var line = await _process.StandardOutput.ReadLineAsync(timeout.Token)
            ?? throw new InvalidOperationException("The flood client ended without its counts.");
        return FloodCounts.Parse(line);
    }

    public async ValueTask DisposeAsync()
    {
        Kill(_process);
        await _process.WaitForExitAsync(CancellationToken.None);
        _process.Dispose();
        _folder.Dispose();
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
