using Federation.Contracts.V1;
using Federation.EndToEnd.Tests;
using Federation.Testing;
using Grpc.Net.Client;

namespace Federation.Benchmarks;

/// <summary>
/// The parties of <c>load --processes</c>, each in a process of its own as deployed: FR and DE as the built node
/// (<c>dotnet Federation.Node.dll</c> of this configuration, launched as the end-to-end tests launch it, configured only by
/// environment variables), and the echo server (<see cref="EchoServerProcess"/>). All listen on 127.0.0.1, port 0, their real
/// ports read back. The certificates are made here, in a temporary folder deleted on dispose; every process is killed on
/// dispose, whatever happened before, and none outlives a load tool killed without disposing (the echo server watches its
/// parent, an <see cref="OrphanGuardProcess"/> the nodes).
/// </summary>
internal sealed class LoadProcesses : IAsyncDisposable
{
    public const string TreatyId = "ai-cvd-fr-de";
    private static readonly string[] Jurisdictions = ["FR", "DE"];
    private static readonly TimeSpan TreatyPatience = TimeSpan.FromSeconds(60);

    private readonly TempDirectory _folder = new("federation-load-processes");
    private readonly Dictionary<string, NodeProcess> _nodes = new(StringComparer.Ordinal);
    private readonly List<GrpcChannel> _channels = [];
    private readonly TestPki _pki;
    private OrphanGuardProcess? _guard;

    private LoadProcesses()
    {
        _pki = new TestPki(_folder.Combine("pki"));
    }

    public NodeProcess this[string jurisdiction] => _nodes[jurisdiction];

    public EchoServerProcess Echo { get; private set; } = null!;

    /// <summary>The treaty document both nodes load (the load tool seals under it, as FR does).</summary>
    public string TreatyYaml { get; } = TreatyFiles.Yaml(TreatyId, Jurisdictions);

    /// <summary>FR's node certificate and key (PEM), which FR signs and authenticates with: the load tool seals and echoes with them.</summary>
    public (string Certificate, string Key) FrCredentials { get; private set; }

    /// <summary>Both CAs, PEM: what a client of the echo server trusts and what the echo server accepts client certificates from.</summary>
    public string AnchorsPath => _folder.Combine("pki", "anchors.pem");

    public string DatabasePath(string jurisdiction) => Path.Combine(DataDirectory(jurisdiction), "federation.db");

    /// <summary>Starts both nodes and the echo server, connects the nodes and waits until the treaty is in force on both.</summary>
    public static async Task<LoadProcesses> StartAsync(IReadOnlyDictionary<string, string> extra, CancellationToken cancellationToken)
    {
        var processes = new LoadProcesses();
        try
        {
            await processes.StartInAsync(extra, cancellationToken);
            return processes;
        }
        catch
        {
            await processes.DisposeAsync();
            throw;
        }
    }

    private async Task StartInAsync(IReadOnlyDictionary<string, string> extra, CancellationToken cancellationToken)
    {
        var treaties = _folder.Combine("treaties");
        TreatyFiles.Write(treaties, $"{TreatyId}.yaml", TreatyYaml);
        foreach (var jurisdiction in Jurisdictions)
        {
            _pki.Ca(jurisdiction);
        }

        await File.WriteAllTextAsync(AnchorsPath, string.Concat(Jurisdictions.Select(j => File.ReadAllText(_pki.CaPath(j)) + "\n")), cancellationToken);
        var credentials = Jurisdictions.ToDictionary(j => j, _pki.WriteNode, StringComparer.Ordinal);
        FrCredentials = credentials["FR"];
        foreach (var jurisdiction in Jurisdictions)
        {
            _nodes[jurisdiction] = NodeProcess.Launch(jurisdiction, DataDirectory(jurisdiction), Settings(jurisdiction, treaties, credentials[jurisdiction], extra));
        }

        // From here a load tool killed outright (SIGKILL: no dispose runs) takes its nodes with it.
        _guard = await OrphanGuardProcess.StartAsync(_nodes.Values.Select(n => n.ProcessId), cancellationToken);

        // The echo presents DE's certificate, as the in-process load's echo does; it starts while the nodes start.
        var (deCertificate, deKey) = credentials["DE"];
        Echo = await EchoServerProcess.StartAsync(deCertificate, deKey, AnchorsPath, cancellationToken);
        foreach (var node in _nodes.Values)
        {
            await node.WaitUntilReadyAsync(cancellationToken);
        }

        foreach (var jurisdiction in Jurisdictions)
        {
            var partner = this[Partner(jurisdiction)];
            await Admin(jurisdiction).Peers.SetPeerEndpointAsync(
                new SetPeerEndpointRequest { Partner = partner.Jurisdiction, Endpoint = partner.PeerEndpoint }, cancellationToken: cancellationToken);
        }

        foreach (var jurisdiction in Jurisdictions)
        {
            await WaitForTreatyInForceAsync(jurisdiction, cancellationToken);
        }
    }

    /// <summary>The admin API of a node, with the operator key it wrote on first start.</summary>
    public AdminClients Admin(string jurisdiction)
    {
        var channel = this[jurisdiction].OpenAdminChannel();
        _channels.Add(channel);
        return new AdminClients(channel.CreateCallInvoker());
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var channel in _channels)
        {
            channel.Dispose();
        }

        var failures = new List<Exception>();
        if (_guard is not null)
        {
            // First, so that it cannot race the orderly stop below.
            await Stop(_guard.DisposeAsync, failures);
        }

        if (Echo is not null)
        {
            await Stop(Echo.DisposeAsync, failures);
        }

        foreach (var node in _nodes.Values)
        {
            await Stop(node.DisposeAsync, failures);
        }

        _nodes.Clear();
        // The certificates' keys, the stores: nothing of the run stays behind.
        _folder.Dispose();
        if (failures.Count > 0)
        {
            throw new AggregateException("Some processes of the load run could not be stopped.", failures);
        }
    }

    private static async Task Stop(Func<ValueTask> dispose, List<Exception> failures)
    {
        try
        {
            await dispose();
        }
        catch (Exception ex)
        {
            failures.Add(ex);
        }
    }

    private async Task WaitForTreatyInForceAsync(string jurisdiction, CancellationToken cancellationToken)
    {
        var admin = Admin(jurisdiction);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var list = await admin.Treaties.ListTreatiesAsync(new ListTreatiesRequest(), cancellationToken: cancellationToken);
            if (list.Treaties.Any(t => t.InForce))
            {
                return;
            }

            if (clock.Elapsed > TreatyPatience)
            {
                throw new TimeoutException($"{jurisdiction} did not see the treaty countersigned by both parties within {TreatyPatience.TotalSeconds:0}s. Its output ended with:{Environment.NewLine}{this[jurisdiction].Output.Tail()}");
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    private static string Partner(string jurisdiction) => jurisdiction == "FR" ? "DE" : "FR";

    /// <summary>As the end-to-end tests configure a node process (port 0 everywhere, quick retries), and <paramref name="extra"/> on top.</summary>
    private Dictionary<string, string> Settings(string jurisdiction, string treaties, (string Certificate, string Key) credentials, IReadOnlyDictionary<string, string> extra)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Federation__Jurisdiction"] = jurisdiction,
            ["Federation__TreatiesDirectory"] = treaties,
            ["Federation__Peer__Address"] = "127.0.0.1",
            ["Federation__Peer__Port"] = "0",
            ["Federation__Peer__CertificatePath"] = credentials.Certificate,
            ["Federation__Peer__KeyPath"] = credentials.Key,
            ["Federation__Admin__Address"] = "127.0.0.1",
            ["Federation__Admin__Port"] = "0",
            ["Federation__Outbox__InitialBackoff"] = "00:00:00.200",
            ["Federation__Outbox__MaxBackoff"] = "00:00:02",
            ["Federation__Outbox__CallTimeout"] = "00:00:05",
            [$"Federation__Partners__{Partner(jurisdiction)}__TrustAnchor"] = _pki.CaPath(Partner(jurisdiction)),
        };
        foreach (var (name, value) in extra)
        {
            settings[name] = value;
        }

        return settings;
    }

    private string DataDirectory(string jurisdiction) => _folder.Combine(jurisdiction, "data");
}
