using Federation.Testing;
using Grpc.Net.Client;

namespace Federation.EndToEnd.Tests;

/// <summary>
/// FR and DE as two node processes on fresh data folders, for tests that kill them by PID and start them
/// again on the same folders. Unlike <see cref="FederationProcessesFixture"/> it belongs to one test, and a
/// restart may change a node's settings (as an operator would between runs). Every process and channel it
/// made is closed on dispose.
/// </summary>
public sealed class FaultFederation : IAsyncDisposable
{
    public const string TreatyId = "ai-cvd-fr-de";
    private static readonly string[] Jurisdictions = ["FR", "DE"];

    private readonly Dictionary<string, NodeProcess> _nodes = new(StringComparer.Ordinal);
    private readonly List<GrpcChannel> _channels = [];
    private readonly TempDirectory _folder = new("federation-faults");
    private readonly TestPki _pki;
    private readonly string _treaties;

    public FaultFederation()
    {
        _pki = new TestPki(_folder.Combine("pki"));
        _treaties = _folder.Combine("treaties");
    }

    public NodeProcess this[string jurisdiction] => _nodes[jurisdiction];

    /// <summary>Starts both nodes, connects them and waits until the treaty is in force on both.</summary>
    public async Task StartAsync(IReadOnlyDictionary<string, string> extra, CancellationToken cancellationToken)
    {
        TreatyFiles.Write(_treaties, $"{TreatyId}.yaml", TreatyFiles.Yaml(TreatyId, Jurisdictions));
        foreach (var jurisdiction in Jurisdictions)
        {
            _pki.Ca(jurisdiction);
        }

        foreach (var jurisdiction in Jurisdictions)
        {
            _nodes[jurisdiction] = NodeProcess.Launch(jurisdiction, DataDirectory(jurisdiction), Settings(jurisdiction, extra));
        }

        foreach (var node in _nodes.Values)
        {
            await node.WaitUntilReadyAsync(cancellationToken);
        }

        await FederationProcessesFixture.ConnectAsync(this["FR"], this["DE"], cancellationToken);
        await FederationProcessesFixture.ConnectAsync(this["DE"], this["FR"], cancellationToken);
        foreach (var node in _nodes.Values)
        {
            await FederationProcessesFixture.WaitForTreatyInForceAsync(node, cancellationToken);
        }
    }

    /// <summary>Kills a node's process tree (a crash: no shutdown hooks run).</summary>
    public Task KillAsync(string jurisdiction) => this[jurisdiction].StopAsync();

    /// <summary>Starts a node again on its data folder and tells its partner the new peer port.</summary>
    public async Task<NodeProcess> RestartAsync(string jurisdiction, IReadOnlyDictionary<string, string> extra, CancellationToken cancellationToken)
    {
        await this[jurisdiction].DisposeAsync();
        var node = NodeProcess.Launch(jurisdiction, DataDirectory(jurisdiction), Settings(jurisdiction, extra));
        _nodes[jurisdiction] = node;
        await node.WaitUntilReadyAsync(cancellationToken);
        await FederationProcessesFixture.ConnectAsync(this[Partner(jurisdiction)], node, cancellationToken);
        return node;
    }

    /// <summary>The admin API of a node's current process, with the operator key it wrote on first start.</summary>
    public AdminClients Admin(string jurisdiction)
    {
        var channel = this[jurisdiction].OpenAdminChannel();
        _channels.Add(channel);
        return new AdminClients(channel.CreateCallInvoker());
    }

    /// <summary>The node's SQLite file, for counts the admin API does not expose (audit kinds).</summary>
    public string DatabasePath(string jurisdiction) => Path.Combine(DataDirectory(jurisdiction), "federation.db");

    public async ValueTask DisposeAsync()
    {
        foreach (var channel in _channels)
        {
            channel.Dispose();
        }

        var failures = new List<Exception>();
        foreach (var node in _nodes.Values)
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

        _nodes.Clear();
        _folder.Dispose();
        if (failures.Count > 0)
        {
            throw new AggregateException("Some node processes could not be stopped.", failures);
        }
    }

    private static string Partner(string jurisdiction) => jurisdiction == "FR" ? "DE" : "FR";

    private Dictionary<string, string> Settings(string jurisdiction, IReadOnlyDictionary<string, string> extra)
    {
        var settings = FederationProcessesFixture.NodeSettings(_pki, _treaties, jurisdiction, [Partner(jurisdiction)]);
        foreach (var (name, value) in extra)
        {
            settings[name] = value;
        }

        return settings;
    }

    private string DataDirectory(string jurisdiction) => _folder.Combine(jurisdiction, "data");
}
