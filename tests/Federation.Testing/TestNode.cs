using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Federation.Contracts.V1;
using Federation.Core.Identity;
using Federation.Node.Hosting;
using Federation.Node.Peers;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Federation.Testing;

/// <summary>
/// A real node in this process: Kestrel on 127.0.0.1 port 0 (the real ports read back), a real SQLite
/// file in a temp folder, real certificates. Only the clock may be fake.
/// </summary>
public sealed class TestNode : IAsyncDisposable
{
    public const string OperatorKey = "test-operator-key";

    private readonly List<GrpcChannel> _channels = [];
    private Func<CancellationToken, Task<TestNode>>? _restart;
    private bool _disposed;

    private TestNode(string jurisdiction, WebApplication app, string dataDirectory, string peerAddress, string adminAddress, string? publicAddress)
    {
        PublicAddress = publicAddress;
        Jurisdiction = jurisdiction;
        App = app;
        DataDirectory = dataDirectory;
        PeerAddress = peerAddress;
        AdminAddress = adminAddress;
    }

    public string Jurisdiction { get; }
    public WebApplication App { get; }
    public string DataDirectory { get; }
    public string PeerAddress { get; }
    public string AdminAddress { get; }

    /// <summary>The public listener (intake, dashboard, CSAF provider), e.g. https://127.0.0.1:port; null when a test turned it off.</summary>
    public string? PublicAddress { get; }
    public IServiceProvider Services => App.Services;

    /// <summary>Where partners reach this node: by host name, as the certificates name it.</summary>
    public string PeerEndpoint => PeerAddress.Replace("127.0.0.1", "localhost", StringComparison.Ordinal);

    public static async Task<TestNode> StartAsync(
        string jurisdiction, TestPki pki, string folder, IEnumerable<string> partners, string treatiesDirectory,
        TimeProvider? timeProvider = null, IDictionary<string, string?>? extraSettings = null, Action<IServiceCollection>? services = null,
        CancellationToken cancellationToken = default)
    {
        var dataDirectory = System.IO.Path.Combine(folder, jurisdiction);
        var (certificate, key) = pki.WriteNode(jurisdiction);
        var settings = new Dictionary<string, string?>
        {
            ["Federation:Jurisdiction"] = jurisdiction,
            ["Federation:DataDirectory"] = dataDirectory,
            ["Federation:TreatiesDirectory"] = treatiesDirectory,
            ["Federation:Peer:Port"] = "0",
            ["Federation:Peer:CertificatePath"] = certificate,
            ["Federation:Peer:KeyPath"] = key,
            ["Federation:Admin:Port"] = "0",
            // Every test node serves its public pages on loopback, with its self-signed localhost certificate.
            ["Federation:Public:Enabled"] = "true",
            ["Federation:Public:Port"] = "0",
            ["Federation:Admin:ApiKeyHashes:0"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(OperatorKey))),
            ["Federation:Outbox:InitialBackoff"] = "00:00:00.200",
            ["Federation:Outbox:MaxBackoff"] = "00:00:02",
            ["Federation:Outbox:CallTimeout"] = "00:00:05",
            ["Serilog:MinimumLevel:Default"] = "Warning",
        };
        foreach (var partner in partners)
        {
            settings[$"Federation:Partners:{partner}:TrustAnchor"] = pki.CaPath(partner);
        }

        foreach (var (k, v) in extraSettings ?? new Dictionary<string, string?>())
        {
            settings[k] = v;
        }

        var app = NodeHost.Build([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(settings);
            services?.Invoke(builder.Services);
        }, timeProvider);
        await NodeHost.InitializeAsync(app, cancellationToken);
        await app.StartAsync(cancellationToken);
        var listeners = app.Services.GetRequiredService<ListenerAddresses>();
        var partnerList = partners.ToList();
        return new TestNode(jurisdiction, app, dataDirectory, listeners.Peer, listeners.Admin, listeners.Public)
        {
            _restart = ct => StartAsync(jurisdiction, pki, folder, partnerList, treatiesDirectory, timeProvider, extraSettings, services, ct),
        };
    }

    /// <summary>Stops this node and starts it again on the same data folder and settings (new ports), as after a restart.</summary>
    public async Task<TestNode> RestartAsync(CancellationToken cancellationToken = default)
    {
        await DisposeAsync();
        return await _restart!(cancellationToken);
    }

    /// <summary>Tells this node where a partner listens (ports are only known after start).</summary>
    public Task ConnectToAsync(TestNode partner, CancellationToken cancellationToken = default) =>
        Services.GetRequiredService<PeerDirectory>().SetEndpointAsync(JurisdictionCode.Parse(partner.Jurisdiction), partner.PeerEndpoint, cancellationToken);

    /// <summary>Waits (bounded) until every installed treaty has a version in force on this node.</summary>
    public async Task WaitForTreatiesInForceAsync(CancellationToken cancellationToken = default)
    {
        var admin = AdminClient();
        // On a fake clock, retries only happen when time moves: move it a little while waiting for the network.
        var fake = Services.GetRequiredService<TimeProvider>() as Microsoft.Extensions.Time.Testing.FakeTimeProvider;
        try
        {
            // 60 s: CI starts every test project at once on two cores, and a federation's first exchange then waits
            // for CPU (a 20 s bound failed once so, with nothing wrong).
            await Eventually.UntilAsync(
                async () =>
                {
                    fake?.Advance(TimeSpan.FromMilliseconds(500));
                    return await admin.Treaties.ListTreatiesAsync(new ListTreatiesRequest(), cancellationToken: cancellationToken);
                },
                r => r.Treaties.GroupBy(t => t.TreatyId).All(g => g.Any(t => t.InForce)),
                $"{Jurisdiction}'s treaties to be countersigned by every party",
                TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException ex)
        {
            // Say why: what became of this node's own countersignatures to its partners.
            var deliveries = await admin.Deliveries.ListDeliveriesAsync(new ListDeliveriesRequest { PageSize = 50 }, cancellationToken: cancellationToken);
            throw new TimeoutException(ex.Message + " Its deliveries: "
                + string.Join("; ", deliveries.Deliveries.Select(d => $"{d.MessageId} to {d.Recipient}: {d.State}, {d.Attempts} attempts, {d.LastError}")), ex);
        }
    }

    public AdminClients AdminClient(string key = OperatorKey)
    {
        var credentials = CallCredentials.FromInterceptor((_, metadata) =>
        {
            metadata.Add("authorization", $"Bearer {key}");
            return Task.CompletedTask;
        });
        var channel = GrpcChannel.ForAddress(AdminAddress, new GrpcChannelOptions
        {
            Credentials = ChannelCredentials.Create(ChannelCredentials.Insecure, credentials),
            UnsafeUseInsecureChannelCallCredentials = true,
        });
        _channels.Add(channel);
        return new AdminClients(channel.CreateCallInvoker());
    }

    /// <summary>
    /// An HTTP client for the public listener that trusts exactly this node's public certificate (and no other),
    /// without following redirects so tests see them. The caller disposes it.
    /// </summary>
    public HttpClient CreatePublicClient(bool useCookies = true)
    {
        var address = PublicAddress ?? throw new InvalidOperationException($"{Jurisdiction}'s public listener is off.");
        var expected = Services.GetRequiredService<NodeRuntime>().PublicCertificate!.GetCertHashString();
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = useCookies,
            SslOptions = new System.Net.Security.SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate?.GetCertHashString() == expected,
            },
        };
        return new HttpClient(handler, disposeHandler: true) { BaseAddress = new Uri(address + "/") };
    }

    /// <summary>A raw peer client presenting <paramref name="clientCertificate"/> (or none), for testing the border.</summary>
    public Peer.PeerClient PeerClientAs(X509Certificate2? clientCertificate, string? address = null) =>
        new(PeerInvokerAs(clientCertificate, address));

    /// <summary>The call invoker behind <see cref="PeerClientAs"/>, for calls with raw bytes (fuzzing).</summary>
    public CallInvoker PeerInvokerAs(X509Certificate2? clientCertificate, string? address = null)
    {
        var handler = new SocketsHttpHandler
        {
            SslOptions = new System.Net.Security.SslClientAuthenticationOptions
            {
                ClientCertificates = clientCertificate is null ? null : [clientCertificate],
                // The test client is not what is under test: it accepts the node's certificate.
                RemoteCertificateValidationCallback = (_, _, _, _) => true,
            },
        };
        var channel = GrpcChannel.ForAddress(address ?? PeerAddress, new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = true });
        _channels.Add(channel);
        return channel.CreateCallInvoker();
    }

    /// <summary>Stops the node and leaves its data folder as it is (so a test can read it); the federation's dispose then skips it.</summary>
    public Task StopAsync() => DisposeAsync().AsTask();

    public async ValueTask DisposeAsync()
    {
        // A restarted node was stopped already; whoever holds the old instance may dispose it again.
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (var channel in _channels)
        {
            channel.Dispose();
        }

        await App.StopAsync(CancellationToken.None);
        await App.DisposeAsync();
    }
}
