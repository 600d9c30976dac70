using Federation.Testing;

namespace Federation.EndToEnd.Tests;

/// <summary>
/// FR, DE and JP as three node processes sharing one treaty, each with its own CA made in the
/// test, told where its partners are with `fedctl peer set` once their ports are known. Every
/// process it started is killed on dispose, whatever the tests did.
/// </summary>
public sealed class FederationProcessesFixture : IAsyncLifetime
{
    public const string TreatyId = "ai-cvd-fr-de-jp";
    public static readonly string[] Jurisdictions = ["FR", "DE", "JP"];

    private readonly Dictionary<string, NodeProcess> _nodes = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly TempDirectory _folder = new("federation-e2e");
    private readonly TestPki _pki;
    private readonly string _treaties;

    public FederationProcessesFixture()
    {
        _pki = new TestPki(_folder.Combine("pki"));
        _treaties = _folder.Combine("treaties");
    }

    public NodeProcess this[string jurisdiction]
    {
        get
        {
            lock (_gate)
            {
                return _nodes[jurisdiction];
            }
        }
    }

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        TreatyFiles.Write(_treaties, $"{TreatyId}.yaml", TreatyFiles.Yaml(TreatyId, Jurisdictions));
        foreach (var jurisdiction in Jurisdictions)
        {
            _pki.Ca(jurisdiction);
        }

        var settings = Jurisdictions.ToDictionary(j => j, Settings, StringComparer.Ordinal);
        try
        {
            await Task.WhenAll(Jurisdictions.Select(async j =>
            {
                var node = NodeProcess.Launch(j, DataDirectory(j), settings[j]);
                lock (_gate)
                {
                    _nodes[j] = node;
                }

                await node.WaitUntilReadyAsync(ct);
            }));

            await Task.WhenAll(Jurisdictions.Select(async j =>
            {
                foreach (var partner in Jurisdictions.Where(p => p != j))
                {
                    await ConnectAsync(this[j], this[partner], ct);
                }
            }));

            // The treaty is in force only once every party has countersigned it, over the peer port.
            await Task.WhenAll(Jurisdictions.Select(j => WaitForTreatyInForceAsync(this[j], ct)));
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    /// <summary>Kills one node's process (as a crash or an outage would).</summary>
    public Task StopAsync(string jurisdiction) => this[jurisdiction].StopAsync();

    /// <summary>
    /// Starts a node again on its data folder (its store, key and outbox survive); its new peer port is
    /// given to every partner with `fedctl peer set`.
    /// </summary>
    public async Task<NodeProcess> RestartAsync(string jurisdiction, CancellationToken cancellationToken)
    {
        var old = this[jurisdiction];
        await old.DisposeAsync();
        var node = NodeProcess.Launch(jurisdiction, DataDirectory(jurisdiction), Settings(jurisdiction));
        lock (_gate)
        {
            _nodes[jurisdiction] = node;
        }

        await node.WaitUntilReadyAsync(cancellationToken);
        foreach (var partner in Jurisdictions.Where(p => p != jurisdiction))
        {
            await ConnectAsync(this[partner], node, cancellationToken);
        }

        return node;
    }

    /// <summary>Restarts a node if a test left it stopped, so the next test finds all three up.</summary>
    public async Task EnsureRunningAsync(string jurisdiction, CancellationToken cancellationToken)
    {
        if (this[jurisdiction].HasExited)
        {
            await RestartAsync(jurisdiction, cancellationToken);
        }
    }

    /// <summary>Fails if a running node logged an error or worse (Serilog's "[HH:mm:ss ERR]" / "FTL]").</summary>
    public void AssertNoErrorLogs()
    {
        foreach (var jurisdiction in Jurisdictions)
        {
            var errors = this[jurisdiction].Output.Text.Split('\n').Where(l => l.Contains(" ERR] ", StringComparison.Ordinal) || l.Contains(" FTL] ", StringComparison.Ordinal)).ToList();
            Assert.True(errors.Count == 0, $"Node {jurisdiction} logged errors:{Environment.NewLine}{string.Join(Environment.NewLine, errors)}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        List<NodeProcess> nodes;
        lock (_gate)
        {
            nodes = [.. _nodes.Values];
            _nodes.Clear();
        }

        var failures = new List<Exception>();
        foreach (var node in nodes)
        {
            try
            {
                await node.DisposeAsync();
            }
            catch (Exception ex)
            {
                failures.Add(ex);
            }
        }

        _folder.Dispose();
        if (failures.Count > 0)
        {
            throw new AggregateException("Some node processes could not be stopped.", failures);
        }
    }

    /// <summary>Tells <paramref name="node"/> where <paramref name="partner"/> listens, with `fedctl peer set`.</summary>
    internal static async Task ConnectAsync(NodeProcess node, NodeProcess partner, CancellationToken cancellationToken)
    {
        var set = await Fedctl.JsonAsync(node, cancellationToken, "peer", "set", partner.Jurisdiction, "--endpoint", partner.PeerEndpoint);
        Assert.Equal(partner.PeerEndpoint, set.Json().GetProperty("endpoint").GetString());
    }

    internal static async Task WaitForTreatyInForceAsync(NodeProcess node, CancellationToken cancellationToken)
    {
        await Eventually.UntilAsync(
            async () => await Fedctl.JsonAsync(node, cancellationToken, "treaty", "list"),
            r => r.Json().GetProperty("treaties").EnumerateArray().Any(t => t.TryGetProperty("inForce", out var inForce) && inForce.GetBoolean()),
            $"{node.Jurisdiction} to see the treaty countersigned by every party", TimeSpan.FromSeconds(60));
    }

    private string DataDirectory(string jurisdiction) => _folder.Combine(jurisdiction, "data");

    private Dictionary<string, string> Settings(string jurisdiction) =>
        NodeSettings(_pki, _treaties, jurisdiction, Jurisdictions.Where(p => p != jurisdiction));

    /// <summary>The environment of one node process: port 0 everywhere, a fresh node certificate, partners' CAs, quick retries.</summary>
    internal static Dictionary<string, string> NodeSettings(TestPki pki, string treaties, string jurisdiction, IEnumerable<string> partners)
    {
        var (certificate, key) = pki.WriteNode(jurisdiction);
        var settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Federation__Jurisdiction"] = jurisdiction,
            ["Federation__TreatiesDirectory"] = treaties,
            ["Federation__Peer__Address"] = "127.0.0.1",
            ["Federation__Peer__Port"] = "0",
            ["Federation__Peer__CertificatePath"] = certificate,
            ["Federation__Peer__KeyPath"] = key,
            ["Federation__Admin__Address"] = "127.0.0.1",
            ["Federation__Admin__Port"] = "0",
            // Retries come quickly, so an outage that ends is noticed within seconds.
            ["Federation__Outbox__InitialBackoff"] = "00:00:00.200",
            ["Federation__Outbox__MaxBackoff"] = "00:00:01",
            ["Federation__Outbox__CallTimeout"] = "00:00:05",
        };
        foreach (var partner in partners)
        {
            settings[$"Federation__Partners__{partner}__TrustAnchor"] = pki.CaPath(partner);
        }

        return settings;
    }
}
