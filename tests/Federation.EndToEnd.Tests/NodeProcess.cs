using System.Diagnostics;
using System.Text.Json;

namespace Federation.EndToEnd.Tests;

/// <summary>
/// A node running as its own process (`dotnet Federation.Node.dll`), configured only through
/// environment variables as an operator would. It listens on port 0; the real ports are read back
/// from {DataDirectory}/endpoints.json. Disposing kills the process tree.
/// </summary>
public sealed class NodeProcess : IAsyncDisposable
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    private readonly Process _process;

    private NodeProcess(string jurisdiction, string dataDirectory, Process process, OutputTail output)
    {
        Jurisdiction = jurisdiction;
        DataDirectory = dataDirectory;
        _process = process;
        Output = output;
    }

    public string Jurisdiction { get; }

    public string DataDirectory { get; }

    /// <summary>The operator key the node made on first start; fedctl reads it with --api-key-file.</summary>
    public string ApiKeyFile => Path.Combine(DataDirectory, "admin-api-key");

    public OutputTail Output { get; }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>https://127.0.0.1:PORT, known once <see cref="WaitUntilReadyAsync"/> returned.</summary>
    public string PeerAddress { get; private set; } = string.Empty;

    /// <summary>http://127.0.0.1:PORT of the operators' listener.</summary>
    public string AdminAddress { get; private set; } = string.Empty;

    /// <summary>A channel to this process's admin API with the operator key it wrote on first start; the caller disposes it.</summary>
    public Grpc.Net.Client.GrpcChannel OpenAdminChannel()
    {
        var key = File.ReadAllText(ApiKeyFile).Trim();
        var credentials = Grpc.Core.CallCredentials.FromInterceptor((_, metadata) =>
        {
            metadata.Add("authorization", $"Bearer {key}");
            return Task.CompletedTask;
        });
        return Grpc.Net.Client.GrpcChannel.ForAddress(AdminAddress, new Grpc.Net.Client.GrpcChannelOptions
        {
            Credentials = Grpc.Core.ChannelCredentials.Create(Grpc.Core.ChannelCredentials.Insecure, credentials),
            UnsafeUseInsecureChannelCallCredentials = true,
        });
    }

    public int PeerPort => new Uri(PeerAddress).Port;

    /// <summary>Where partners reach this node: by host name, as its certificate names it.</summary>
    public string PeerEndpoint => $"https://localhost:{PeerPort}";

    /// <summary>Starts a node and waits until it has written its endpoints.</summary>
    public static async Task<NodeProcess> StartAsync(
        string jurisdiction, string dataDirectory, IReadOnlyDictionary<string, string> settings, CancellationToken cancellationToken)
    {
        var node = Launch(jurisdiction, dataDirectory, settings);
        try
        {
            await node.WaitUntilReadyAsync(cancellationToken);
            return node;
        }
        catch
        {
            await node.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Starts the process without waiting. <paramref name="settings"/> are environment variables
    /// (Federation__Peer__Port=0 ...); Federation__Jurisdiction and Federation__DataDirectory are set here
    /// unless given. Inherited Federation__* variables are removed so the machine cannot leak in.
    /// </summary>
    public static NodeProcess Launch(string jurisdiction, string dataDirectory, IReadOnlyDictionary<string, string> settings)
    {
        Directory.CreateDirectory(dataDirectory);
        // A killed node leaves its endpoints file behind: never read the last run's ports.
        File.Delete(Path.Combine(dataDirectory, "endpoints.json"));

        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = dataDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(BuiltArtifacts.NodeDll);
        foreach (var name in start.Environment.Keys.ToList())
        {
            if (name.StartsWith("Federation__", StringComparison.OrdinalIgnoreCase) || name.StartsWith("Serilog__", StringComparison.OrdinalIgnoreCase)
                || name is "ASPNETCORE_URLS" or "DOTNET_URLS" or "ASPNETCORE_HTTP_PORTS" or "ASPNETCORE_HTTPS_PORTS")
            {
                start.Environment.Remove(name);
            }
        }

        start.Environment["Federation__Jurisdiction"] = jurisdiction;
        start.Environment["Federation__DataDirectory"] = dataDirectory;
        foreach (var (name, value) in settings)
        {
            start.Environment[name] = value;
        }

        var output = new OutputTail();
        var process = new Process { StartInfo = start };
        process.Start();
        output.Attach(process);
        process.StandardInput.Close();
        return new NodeProcess(jurisdiction, dataDirectory, process, output);
    }

    /// <summary>Waits (bounded) for this process's endpoints.json; fails with the output if the node exits first.</summary>
    public async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        var path = Path.Combine(DataDirectory, "endpoints.json");
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
            {
                await _process.WaitForExitAsync(cancellationToken);
                throw new InvalidOperationException(
                    $"Node {Jurisdiction} exited with code {_process.ExitCode} before it was ready. Its output ended with:{Environment.NewLine}{Output.Tail()}");
            }

            if (TryReadEndpoints(path, out var peer, out var admin))
            {
                PeerAddress = peer;
                AdminAddress = admin;
                return;
            }

            if (clock.Elapsed > StartTimeout)
            {
                throw new TimeoutException(
                    $"Node {Jurisdiction} (pid {_process.Id}) wrote no {path} within {StartTimeout.TotalSeconds:0}s. Its output ended with:{Environment.NewLine}{Output.Tail()}");
            }

            await Task.Delay(PollInterval, cancellationToken);
        }
    }

    /// <summary>Waits (bounded) for the process to end on its own; returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(timeout);
        try
        {
            await _process.WaitForExitAsync(bounded.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException(
                $"Node {Jurisdiction} (pid {_process.Id}) was still running after {timeout.TotalSeconds:0}s. Its output ended with:{Environment.NewLine}{Output.Tail()}");
        }

        return _process.ExitCode;
    }

    /// <summary>Kills the node (and anything it started) and waits, bounded, until it is gone.</summary>
    public async Task StopAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            using var bounded = new CancellationTokenSource(StopTimeout);
            await _process.WaitForExitAsync(bounded.Token);
        }
        catch (InvalidOperationException)
        {
            // The process was never started or is already reaped.
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"Node {Jurisdiction} (pid {_process.Id}) did not exit within {StopTimeout.TotalSeconds:0}s of being killed.");
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        finally
        {
            _process.Dispose();
        }
    }

    private bool TryReadEndpoints(string path, out string peer, out string admin)
    {
        peer = admin = string.Empty;
        if (!File.Exists(path))
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            var root = document.RootElement;
            // The file is this process's only if it carries its pid (dotnet runs the app in its own process).
            if (!root.TryGetProperty("pid", out var pid) || pid.GetInt32() != _process.Id)
            {
                return false;
            }

            peer = root.GetProperty("peer").GetString() ?? string.Empty;
            admin = root.GetProperty("admin").GetString() ?? string.Empty;
            return peer.Length > 0 && admin.Length > 0;
        }
        catch (Exception ex) when (ex is IOException or JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return false;
        }
    }
}
