using Federation.Node.Grpc.Admin;
using Federation.Core.Cases;
using Federation.Core.Delivery;
using Federation.Core.Duplicates;
using Federation.Core.Identity;
using Federation.Core.Inbox;
using Federation.Core.Sharing;
using Federation.Core.Treaties;
using Federation.Node.Grpc;
using Federation.Node.Hosting;
using Federation.Node.Inbox;
using Federation.Node.Interceptors;
using Federation.Node.Options;
using Federation.Node.Outbox;
using Federation.Node.Peers;
using Federation.Node.Public;
using Federation.Node.Public.Dashboard;
using Federation.Node.Public.Intake;
using Federation.Node.Publication;
using Federation.Node.Security;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Federation.Node;

/// <summary>The node's wiring, in one place.</summary>
public static class DependencyInjection
{
    /// <summary>The domain services; the runtime parts come from the checked <see cref="NodeRuntime"/> (see AddNodeConfiguration).</summary>
    public static IServiceCollection AddFederationCore(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => sp.GetRequiredService<NodeRuntime>().Node);
        services.AddSingleton(sp => sp.GetRequiredService<NodeRuntime>().Anchors);
        services.AddSingleton(sp => sp.GetRequiredService<NodeRuntime>().Treaties);
        services.AddSingleton<ITreatyRegistry>(sp => sp.GetRequiredService<NodeRuntime>().Treaties);
        services.AddScoped<TreatyService>();
        services.AddSingleton<PeerCertificateValidator>();
        services.AddSingleton(sp => sp.GetRequiredService<NodeRuntime>().FingerprintKeys);
        services.AddSingleton<CaseFingerprinter>();
        services.AddScoped<DuplicateLinker>();
        services.AddScoped<CaseService>();
        services.AddScoped<ShareService>();
        services.AddScoped<SharePropagator>();
        services.AddSingleton(sp => new Federation.Core.Inbox.ReplayWindow(sp.GetRequiredService<NodeRuntime>().Options.MaxEnvelopeAge));
        services.AddScoped<ReceiveService>();
        services.AddScoped<QuarantineService>();
        services.AddScoped<CaseStatusService>();
        services.AddScoped<ExplainService>();
        services.AddScoped<Federation.Core.Embargoes.EmbargoService>();
        services.AddSingleton<IReadOnlyList<Federation.Core.Deadlines.DeadlineRule>>(sp =>
            sp.GetRequiredService<NodeRuntime>().Options.Timelines.Count > 0 ? Federation.Core.Deadlines.TimelinePresets.Cra : []);
        services.AddScoped<Federation.Core.Deadlines.DeadlineService>();
        services.AddSingleton(sp => sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<Options.PublicationOptions>>().Value
            .PublisherFor(sp.GetRequiredService<NodeRuntime>().Node.Jurisdiction));
        services.AddScoped<Federation.Core.Publication.PublicationService>();
        services.AddSingleton<Federation.Core.Transparency.CheckpointAlarm>();
        services.AddScoped<Federation.Core.Transparency.CheckpointSigner>();
        services.AddScoped<Federation.Core.Transparency.LogAuditor>();
        services.AddFederationIntake();
        services.AddCsafProvider();
        return services;
    }

    public static IServiceCollection AddFederationNode(this IServiceCollection services)
    {
        services.AddSingleton<ListenerAddresses>();
        services.AddSingleton<RefusalAuditThrottle>();
        services.AddHttpContextAccessor();
        // The peer contract is bound with marshallers that refuse undecodable bytes as INVALID_ARGUMENT.
        services.AddSingleton<global::Grpc.AspNetCore.Server.Model.IServiceMethodProvider<PeerGrpcService>, PeerServiceMethodProvider>();
        services.AddFederationPublic();
        services.AddSingleton(sp => new PartnerRevocation(
            sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<NodeOptions>>(), sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<RevocationOptions>>(),
            sp.GetRequiredService<NodeRuntime>().Anchors, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<PartnerRevocation>>(),
            Path.Combine(sp.GetRequiredService<NodeRuntime>().DataDirectory, "revocation-lists-held.json"),
            Path.Combine(sp.GetRequiredService<NodeRuntime>().DataDirectory, "revocation-lists-fetched")));
        services.AddSingleton<RevocationListFetcher>();
        services.AddSingleton<Federation.Core.Identity.IRevocationCheck>(sp => sp.GetRequiredService<PartnerRevocation>());
        services.AddSingleton<OwnRevocationList>();
        services.AddSingleton<NodeIdentity>();
        services.AddHostedService<TrustFilesReloader>();
        services.AddSingleton<PeerIdentityResolver>();
        services.AddSingleton<EnvelopeVerifier>();
        services.AddSingleton<EnvelopeSealer>(sp =>
        {
            var identity = sp.GetRequiredService<NodeIdentity>();
            var sealer = new EnvelopeSealer(sp.GetRequiredService<NodeRuntime>().Node, identity.Current);
            identity.Rotated += sealer.Rotate;
            // A rotation between the construction and the subscription would otherwise be missed.
            sealer.Rotate(identity.Current);
            return sealer;
        });
        services.AddSingleton<IEnvelopeSealer>(sp => sp.GetRequiredService<EnvelopeSealer>());
        services.AddSingleton<DeliverySignal>();
        services.AddSingleton<IDeliverySignal>(sp => sp.GetRequiredService<DeliverySignal>());
        services.AddSingleton<PeerDirectory>();
        services.AddSingleton<PeerSuspensions>();
        services.AddSingleton<PeerLimiter>();
        services.AddSingleton<PeerChannelPool>();
        services.AddSingleton<PeerClient>();
        services.AddSingleton<PartnerProtocols>();
        services.AddSingleton<Federation.Node.Transparency.PartnerLogKeys>();
        services.AddSingleton<Federation.Node.Outbox.DeliveryReceiptVerifier>();
        services.AddSingleton<Federation.Node.Transparency.LogServer>();
        services.AddSingleton<Federation.Node.Transparency.ReceiptSigner>();
        services.AddScoped<Federation.Core.Transparency.LogWitness>();
        services.AddScoped<Federation.Core.Transparency.ConsistencyRefusals>();
        services.AddScoped<Federation.Core.Transparency.ForkEvidence>();
        services.AddSingleton<Federation.Node.Transparency.WitnessWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<Federation.Node.Transparency.WitnessWorker>());
        services.AddScoped<PeerRoster>();
        services.AddSingleton<OutboxDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<OutboxDispatcher>());
        services.AddSingleton<Federation.Node.Events.EventHub>();
        services.AddSingleton<Federation.Core.Events.IEventSink>(sp => sp.GetRequiredService<Federation.Node.Events.EventHub>());
        services.AddSingleton<Federation.Node.Events.DeadlineMonitor>();
        services.AddHostedService(sp => sp.GetRequiredService<Federation.Node.Events.DeadlineMonitor>());
        services.AddSingleton<TreatyReviewMonitor>();
        services.AddHostedService(sp => sp.GetRequiredService<TreatyReviewMonitor>());
        services.AddSingleton<StoreWriteTurn>();
        // Registered before the inbox writer, so it stops after it: its last erasure follows the last commit.
        services.AddSingleton<ErasureWorker>();
        services.AddSingleton<Federation.Core.Abstractions.IErasureSignal>(sp => sp.GetRequiredService<ErasureWorker>());
        services.AddHostedService(sp => sp.GetRequiredService<ErasureWorker>());
        services.AddSingleton<InboxBatcher>();
        services.AddSingleton<InboxPruner>();
        services.AddHostedService(sp => sp.GetRequiredService<InboxPruner>());
        services.AddHostedService(sp => sp.GetRequiredService<InboxBatcher>());
        services.AddSingleton<Federation.Node.CatchUp.CatchUpSignal>();
        services.AddSingleton<Federation.Node.CatchUp.CatchUpServer>();
        services.AddSingleton<Federation.Node.CatchUp.CatchUpPuller>();
        services.AddSingleton<Federation.Node.CatchUp.CatchUpWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<Federation.Node.CatchUp.CatchUpWorker>());
        services.AddSingleton<ReevaluationWorker>();
        services.AddSingleton<IReevaluationSignal>(sp => sp.GetRequiredService<ReevaluationWorker>());
        services.AddHostedService(sp => sp.GetRequiredService<ReevaluationWorker>());
        services.AddSingleton<Federation.Node.Transparency.LogKeyring>();
        services.AddSingleton<Federation.Core.Transparency.ILogKeys>(sp => sp.GetRequiredService<Federation.Node.Transparency.LogKeyring>());
        services.AddSingleton<Federation.Node.Transparency.CheckpointWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<Federation.Node.Transparency.CheckpointWorker>());
        services.AddFederationDashboard();

        services.AddGrpc(o => o.Interceptors.Add<ExceptionMappingInterceptor>())
            // Every admin service, and only those, asks for an operator key.
            .AddServiceOptions<NodeAdminService>(o => o.Interceptors.Add<AdminAuthInterceptor>())
            .AddServiceOptions<CaseAdminService>(o => o.Interceptors.Add<AdminAuthInterceptor>())
            .AddServiceOptions<TreatyAdminService>(o => o.Interceptors.Add<AdminAuthInterceptor>())
            .AddServiceOptions<EmbargoAdminService>(o => o.Interceptors.Add<AdminAuthInterceptor>())
            .AddServiceOptions<PeerAdminService>(o => o.Interceptors.Add<AdminAuthInterceptor>())
            .AddServiceOptions<DeliveryAdminService>(o => o.Interceptors.Add<AdminAuthInterceptor>())
            .AddServiceOptions<EventAdminService>(o => o.Interceptors.Add<AdminAuthInterceptor>())
            .AddServiceOptions<PublicationAdminService>(o => o.Interceptors.Add<AdminAuthInterceptor>())
            .AddServiceOptions<IntakeAdminService>(o => o.Interceptors.Add<AdminAuthInterceptor>())
            .AddServiceOptions<QuarantineAdminService>(o => o.Interceptors.Add<AdminAuthInterceptor>())
            .AddServiceOptions<AuditAdminService>(o => o.Interceptors.Add<AdminAuthInterceptor>())
            .AddServiceOptions<ForkAdminService>(o => o.Interceptors.Add<AdminAuthInterceptor>());
        services.AddOptions<global::Grpc.AspNetCore.Server.GrpcServiceOptions>().Configure<Microsoft.Extensions.Options.IOptions<NodeOptions>>((o, node) =>
        {
            o.MaxReceiveMessageSize = node.Value.MaxMessageBytes;
            o.MaxSendMessageSize = node.Value.MaxMessageBytes;
        });
        services.AddGrpcReflection();
        services.AddGrpcHealthChecks().AddCheck<StoreHealthCheck>("store").AddCheck<TreatyHealthCheck>("treaties").AddCheck<RevocationHealthCheck>("revocation")
            .AddCheck<Federation.Node.Transparency.ForkHealthCheck>("forks");
        return services;
    }

    /// <summary>Two listeners: the peer port (mTLS, pinned anchors) and the admin port (loopback h2c, API keys).</summary>
    public static void ConfigureFederationListeners(this IWebHostBuilder webHost)
    {
        webHost.ConfigureKestrel(kestrel =>
        {
            // Kestrel reads its options while the host is built: the settings are checked here first.
            var runtime = NodeConfiguration.Resolve(kestrel.ApplicationServices);
            var listeners = kestrel.ApplicationServices.GetRequiredService<ListenerAddresses>();
            kestrel.AddServerHeader = false;
            kestrel.Listen(System.Net.IPAddress.Parse(runtime.Peer.Address), runtime.Peer.Port, listen =>
            {
                listeners.Add(Listener.Peer, listen, "https");
                listen.Protocols = HttpProtocols.Http2;
                listen.Use(next => connection =>
                {
                    connection.Items[Listener.ItemKey] = Listener.Peer;
                    return next(connection);
                });
                var identity = kestrel.ApplicationServices.GetRequiredService<NodeIdentity>();
                listen.UseHttps(new HttpsConnectionAdapterOptions
                {
                    // Asked per connection: a certificate rotated while the node runs is served to the next caller.
                    ServerCertificateSelector = (_, _) => identity.Current,
                    SslProtocols = TlsPolicy.Protocols,
                    // Ask for a certificate and let the gate judge it, so a refused caller learns why
                    // (UNAUTHENTICATED, PERMISSION_DENIED) instead of a bare handshake failure.
                    ClientCertificateMode = ClientCertificateMode.AllowCertificate,
                    ClientCertificateValidation = (_, _, _) => true,
                    OnAuthenticate = (_, ssl) =>
                    {
                        ssl.CertificateChainPolicy = PinnedChainPolicy(runtime);
                        ssl.CipherSuitesPolicy = TlsPolicy.CipherSuites;
                    },
                });
            });
            kestrel.Listen(System.Net.IPAddress.Parse(runtime.Admin.Address), runtime.Admin.Port, listen =>
            {
                listeners.Add(Listener.Admin, listen, "http");
                listen.Protocols = HttpProtocols.Http2;
                listen.Use(next => connection =>
                {
                    connection.Items[Listener.ItemKey] = Listener.Admin;
                    return next(connection);
                });
            });
            if (runtime.PublicCertificate is { } publicCertificate)
            {
                kestrel.Listen(System.Net.IPAddress.Parse(runtime.Public.Address), runtime.Public.Port, listen =>
                {
                    listeners.Add(Listener.Public, listen, "https");
                    // Browsers and tools speak HTTP/1.1 as often as HTTP/2; ALPN picks.
                    listen.Protocols = HttpProtocols.Http1AndHttp2;
                    listen.Use(next => connection =>
                    {
                        connection.Items[Listener.ItemKey] = Listener.Public;
                        return next(connection);
                    });
                    listen.UseHttps(new HttpsConnectionAdapterOptions
                    {
                        ServerCertificate = publicCertificate,
                        SslProtocols = TlsPolicy.Protocols,
                        ClientCertificateMode = ClientCertificateMode.NoCertificate,
                        OnAuthenticate = (_, ssl) => ssl.CipherSuitesPolicy = TlsPolicy.CipherSuites,
                    });
                });
            }
        });
    }

    public static WebApplication MapFederationGrpc(this WebApplication app)
    {
        app.UseMiddleware<PeerGateMiddleware>();
        app.MapFederationPublic();
        app.MapGrpcService<PeerGrpcService>();
        app.MapGrpcService<NodeAdminService>();
        app.MapGrpcService<CaseAdminService>();
        app.MapGrpcService<TreatyAdminService>();
        app.MapGrpcService<EmbargoAdminService>();
        app.MapGrpcService<PeerAdminService>();
        app.MapGrpcService<DeliveryAdminService>();
        app.MapGrpcService<EventAdminService>();
        app.MapGrpcService<PublicationAdminService>();
        app.MapGrpcService<IntakeAdminService>();
        app.MapGrpcService<QuarantineAdminService>();
        app.MapGrpcService<AuditAdminService>();
        app.MapGrpcService<ForkAdminService>();
        app.MapGrpcHealthChecksService();
        app.MapGrpcReflectionService();
        return app;
    }

    // The TLS stack builds the client's chain against the pinned anchors only, never the system store.
    private static System.Security.Cryptography.X509Certificates.X509ChainPolicy PinnedChainPolicy(NodeRuntime runtime)
    {
        var policy = new System.Security.Cryptography.X509Certificates.X509ChainPolicy
        {
            TrustMode = System.Security.Cryptography.X509Certificates.X509ChainTrustMode.CustomRootTrust,
            RevocationMode = System.Security.Cryptography.X509Certificates.X509RevocationMode.NoCheck,
        };
        policy.CustomTrustStore.AddRange(runtime.Anchors.All);
        return policy;
    }
}
