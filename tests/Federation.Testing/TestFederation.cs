namespace Federation.Testing;

/// <summary>
/// Several real nodes in this process, each with its own CA, store and ports, all party to one
/// treaty and connected to each other.
/// </summary>
public sealed class TestFederation : IAsyncDisposable
{
    private readonly Dictionary<string, TestNode> _nodes;
    private readonly HashSet<string> _stopped = new(StringComparer.Ordinal);
    private readonly Func<string, IDictionary<string, string?>?, CancellationToken, Task<TestNode>> _start;

    private TestFederation(TempDirectory folder, TestPki pki, Dictionary<string, TestNode> nodes, Func<string, IDictionary<string, string?>?, CancellationToken, Task<TestNode>> start)
    {
        Folder = folder;
        Pki = pki;
        _nodes = nodes;
        _start = start;
    }

    public TempDirectory Folder { get; }
    public TestPki Pki { get; }
    public IReadOnlyDictionary<string, TestNode> Nodes => _nodes;
    public TestNode this[string jurisdiction] => _nodes[jurisdiction];

    /// <summary>Stops one node (its store and folder stay), as an operator stopping the process would.</summary>
    public async Task StopAsync(string jurisdiction)
    {
        if (_stopped.Add(jurisdiction))
        {
            await _nodes[jurisdiction].DisposeAsync();
        }
    }

    /// <summary>
    /// Starts a stopped node again on its own store, with the settings it started with (and <paramref name="extraSettings"/>
    /// on top); the others are told its new peer port, as an operator would after a move.
    /// </summary>
    public async Task<TestNode> StartAgainAsync(string jurisdiction, IDictionary<string, string?>? extraSettings = null, CancellationToken cancellationToken = default)
    {
        await StopAsync(jurisdiction);
        var node = await _start(jurisdiction, extraSettings, cancellationToken);
        _nodes[jurisdiction] = node;
        _stopped.Remove(jurisdiction);
        foreach (var other in _nodes.Values.Where(n => n != node && !_stopped.Contains(n.Jurisdiction)))
        {
            await other.ConnectToAsync(node, cancellationToken);
        }

        return node;
    }

    public static Task<TestFederation> StartAsync(
        string[] jurisdictions, string? treatyYaml = null, TimeProvider? timeProvider = null,
        IDictionary<string, string?>? extraSettings = null, CancellationToken cancellationToken = default) =>
        StartAsync(jurisdictions, treatyYaml, timeProvider, extraSettings, settingsPerNode: null, cancellationToken);

    /// <summary>As above, with settings that differ by node (e.g. each node's own fingerprint key file), applied after <paramref name="extraSettings"/>.</summary>
    public static Task<TestFederation> StartAsync(
        string[] jurisdictions, string? treatyYaml, TimeProvider? timeProvider, IDictionary<string, string?>? extraSettings,
        IReadOnlyDictionary<string, IDictionary<string, string?>>? settingsPerNode, CancellationToken cancellationToken = default) =>
        StartAsync(jurisdictions, treatyYaml, _ => timeProvider, extraSettings, settingsPerNode, cancellationToken);

    /// <summary>As above, with services changed on some nodes (e.g. a receiver that signs with a key of its own making).</summary>
    public static Task<TestFederation> StartAsync(
        string[] jurisdictions, IDictionary<string, string?>? extraSettings, IReadOnlyDictionary<string, Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>> servicesPerNode,
        CancellationToken cancellationToken = default) =>
        StartAsync(jurisdictions, null, _ => null, extraSettings, null, cancellationToken, servicesPerNode);

    /// <summary>Each node on its own clock (null: the system's), e.g. a partner whose clock is behind the origin's.</summary>
    public static Task<TestFederation> StartWithClocksAsync(
        string[] jurisdictions, IReadOnlyDictionary<string, TimeProvider> clocks, CancellationToken cancellationToken = default) =>
        StartAsync(jurisdictions, null, j => clocks.GetValueOrDefault(j), null, null, cancellationToken);

    private static async Task<TestFederation> StartAsync(
        string[] jurisdictions, string? treatyYaml, Func<string, TimeProvider?> clockOf, IDictionary<string, string?>? extraSettings,
        IReadOnlyDictionary<string, IDictionary<string, string?>>? settingsPerNode, CancellationToken cancellationToken,
        IReadOnlyDictionary<string, Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>>? servicesPerNode = null)
    {
        var folder = new TempDirectory();
        var pki = new TestPki(folder.Combine("pki"));
        var treaties = folder.Combine("treaties");
        TreatyFiles.Write(treaties, "treaty.yaml", treatyYaml ?? TreatyFiles.Yaml("test-treaty", jurisdictions));
        var nodes = new Dictionary<string, TestNode>(StringComparer.Ordinal);
        Task<TestNode> Start(string jurisdiction, IDictionary<string, string?>? overrides, CancellationToken ct)
        {
            var settings = new Dictionary<string, string?>(extraSettings ?? new Dictionary<string, string?>());
            foreach (var (key, value) in settingsPerNode?.GetValueOrDefault(jurisdiction) ?? new Dictionary<string, string?>())
            {
                settings[key] = value;
            }

            foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
            {
                settings[key] = value;
            }

            return TestNode.StartAsync(jurisdiction, pki, folder.Path, jurisdictions.Where(j => j != jurisdiction),
                treaties, clockOf(jurisdiction), settings, servicesPerNode?.GetValueOrDefault(jurisdiction), cancellationToken: ct);
        }

        try
        {
            foreach (var jurisdiction in jurisdictions)
            {
                pki.Ca(jurisdiction);
            }

            foreach (var jurisdiction in jurisdictions)
            {
                nodes[jurisdiction] = await Start(jurisdiction, null, cancellationToken);
            }

            foreach (var node in nodes.Values)
            {
                foreach (var partner in nodes.Values.Where(p => p != node))
                {
                    await node.ConnectToAsync(partner, cancellationToken);
                }
            }

            // A treaty is in force only once every party's countersignature has arrived: wait for it,
            // as an operator would before sharing.
            // All at once: a node on a fake clock moves its own clock while it waits, so its retries to the others happen.
            await Task.WhenAll(nodes.Values.Select(n => n.WaitForTreatiesInForceAsync(cancellationToken)));
        }
        catch
        {
            foreach (var node in nodes.Values)
            {
                await node.DisposeAsync();
            }

            folder.Dispose();
            throw;
        }

        return new TestFederation(folder, pki, nodes, Start);
    }

    /// <summary>Restarts one node on its own store (new ports) and tells every partner where it listens now.</summary>
    public async Task<TestNode> RestartAsync(string jurisdiction, CancellationToken cancellationToken = default)
    {
        var node = await _nodes[jurisdiction].RestartAsync(cancellationToken);
        _nodes[jurisdiction] = node;
        foreach (var partner in _nodes.Values.Where(p => p != node))
        {
            await partner.ConnectToAsync(node, cancellationToken);
        }

        return node;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes.Values.Where(n => !_stopped.Contains(n.Jurisdiction)))
        {
            await node.DisposeAsync();
        }

        Folder.Dispose();
    }
}
