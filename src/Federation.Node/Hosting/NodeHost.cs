using Federation.Node.Peers;
using Federation.Storage;
using Serilog;

namespace Federation.Node.Hosting;

/// <summary>
/// Builds a node: used by Program and by tests (which pass their own configuration and clock).
/// </summary>
public static class NodeHost
{
    /// <param name="args">The command line.</param>
    /// <param name="configure">
    /// Runs after the node's wiring and before the host is built: tests add settings (read only once the
    /// host exists) and may replace a service, e.g. to make one fail.
    /// </param>
    /// <param name="timeProvider">The node's clock (a fake one in tests).</param>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null, TimeProvider? timeProvider = null)
    {
        // Settings ship beside the binary; data paths stay relative to the working directory.
        // The application name is the node's assembly even when a test host starts it: Razor Pages are found in it.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
            ApplicationName = typeof(NodeHost).Assembly.GetName().Name,
        });
        // Each node logs through its own logger, not the static one: several nodes may share a process
        // (tests), and the last one built would otherwise receive every node's events.
        builder.Host.UseSerilog((context, services, logger) => logger
            .ReadFrom.Configuration(context.Configuration)
            .ReadFrom.Services(services)
            .Enrich.FromLogContext()
            .Filter.ByExcluding(ListenerBindFailure.IsHostReport)
            .Filter.ByExcluding(e => ListenerBindFailure.IsCancelledBeforeStart(e, services.GetRequiredService<IHostApplicationLifetime>()))
            .WriteTo.Console(outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}"),
            preserveStaticLogger: true);

        builder.Services.AddSingleton(timeProvider ?? TimeProvider.System);
        // The loops survive their own failures (ResilientLoop). Should one end anyway, the node stops
        // (and its supervisor restarts it) rather than answer health checks while nothing is delivered.
        builder.Services.Configure<HostOptions>(o => o.BackgroundServiceExceptionBehavior = BackgroundServiceExceptionBehavior.StopHost);
        // Settings are bound once, by the options system; nothing here reads configuration by hand.
        builder.Services
            .AddNodeConfiguration()
            .AddFederationCore()
            .AddFederationStorage(sp =>
            {
                var runtime = sp.GetRequiredService<NodeRuntime>();
                return new StoreLocation(runtime.ConnectionString, runtime.Options.MaxStoreMegabytes * 1024L * 1024L);
            })
            .AddFederationNode();
        builder.WebHost.ConfigureFederationListeners();
        configure?.Invoke(builder);

        var app = builder.Build();
        app.MapFederationGrpc();
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var runtime = app.Services.GetRequiredService<NodeRuntime>();
            var listeners = app.Services.GetRequiredService<ListenerAddresses>();
            EndpointsFile.Write(runtime.DataDirectory, listeners, runtime.Node.Jurisdiction.Value);
            app.Logger.LogInformation(
                "Node {Jurisdiction} ready: peer {Peer} (mTLS), admin {Admin}, public {Public}; data in {DataDirectory}; {Treaties} treaties, {Partners} partners",
                runtime.Node.Jurisdiction, listeners.Peer, listeners.Admin, listeners.Public ?? "off", runtime.DataDirectory, runtime.Treaties.All.Count, runtime.Anchors.ByJurisdiction.Count);
        });
        // A file left by a stopped node would send scripts to ports nobody listens on.
        app.Lifetime.ApplicationStopped.Register(() => EndpointsFile.Delete(app.Services.GetRequiredService<NodeRuntime>().DataDirectory));
        return app;
    }

    /// <summary>Migrates the store and loads operator overrides, before the ports open.</summary>
    public static async Task InitializeAsync(WebApplication app, CancellationToken cancellationToken)
    {
        // Every setting is checked (and the runtime resolved) before the store is touched.
        var runtime = NodeConfiguration.Resolve(app.Services);
        // The CSAF signing key is read (or made) before the store opens: a key that does not open stops the start.
        app.Services.GetRequiredService<Federation.Node.Publication.OpenPgpSigner>();
        // Partners' revocation lists are read and verified before a port opens: one that does not verify stops the start.
        app.Services.GetRequiredService<Federation.Node.Security.PartnerRevocation>();
        var acceptBefore = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Options.TransparencyOptions>>().Value.AcceptBrokenChainBefore;
        try
        {
            await app.Services.GetRequiredService<StorageInitializer>().InitializeAsync(acceptBefore, cancellationToken);
        }
        catch (AuditChainBrokenException ex)
        {
            throw new StartupException($"{Options.TransparencyOptions.SectionName}:AcceptBrokenChainBefore", string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"{ex.Message} Find out what changed it (backups, the operators' records); to sign that history as it stands anyway, set {Options.TransparencyOptions.SectionName}:AcceptBrokenChainBefore={ex.FirstBrokenSequence + 1} (the acceptance is recorded in the log)."));
        }
        await app.Services.GetRequiredService<PeerDirectory>().LoadAsync(cancellationToken);
        await app.Services.GetRequiredService<PeerSuspensions>().LoadAsync(cancellationToken);

        // Treaty files are installed (and countersigned) before the ports open; a file that changed
        // under an installed version is refused: an amendment needs a new version number.
        await using var scope = app.Services.CreateAsyncScope();
        try
        {
            await scope.ServiceProvider.GetRequiredService<Federation.Core.Treaties.TreatyService>().InstallFilesAsync(runtime.TreatyFiles, cancellationToken);
        }
        catch (Federation.Core.FederationException ex) when (ex.Code == Federation.Core.ErrorCode.AlreadyExists)
        {
            throw new StartupException("Federation:TreatiesDirectory", ex.Message);
        }


        // Fingerprint keys may have changed too: cases get fingerprints under the keys held now (and are matched
        // again) before the re-evaluation, so partners receive the new fingerprints with it.
        var refreshed = await scope.ServiceProvider.GetRequiredService<Federation.Core.Cases.CaseService>().RefreshFingerprintsAsync("system:startup", cancellationToken);
        if (refreshed > 0)
        {
            app.Logger.LogInformation("Fingerprint keys changed since the last start: {Count} cases have new fingerprints", refreshed);
        }

        // Treaty files may have changed while the node was down: what partners hold is brought in line by the
        // background worker, in chunks with a transaction each, as after a treaty change while running. Done here
        // in one pass it held every shared case in one unit of work and delayed readiness with the case count.
        scope.ServiceProvider.GetRequiredService<Federation.Core.Sharing.IReevaluationSignal>().Request();

    }
}
