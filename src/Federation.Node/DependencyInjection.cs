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
using Federation.Node.Security;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Federation.Node;

/// <summary>The node's wiring, in one place.</summary>
public static class DependencyInjection
{
    public static IServiceCollection AddFederationCore(this IServiceCollection services, NodeRuntime runtime)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(runtime);
        services.AddSingleton(runtime.Node);
        services.AddSingleton(runtime.Anchors);
        services.AddSingleton(runtime.Treaties);
        services.AddSingleton<ITreatyRegistry>(runtime.Treaties);
        services.AddScoped<TreatyService>();
        services.AddSingleton<PeerCertificateValidator>();
        services.AddSingleton(runtime.FingerprintKeys);
        services.AddSingleton<CaseFingerprinter>();
        services.AddScoped<DuplicateLinker>();
        services.AddScoped<CaseService>();
        services.AddScoped<ShareService>();
        services.AddScoped<SharePropagator>();
        services.AddScoped<ReceiveService>();
        services.AddScoped<CaseStatusService>();
        services.AddScoped<ExplainService>();
        services.AddScoped<Federation.Core.Embargoes.EmbargoService>();
        IReadOnlyList<Federation.Core.Deadlines.DeadlineRule> timelines = runtime.Options.Timelines.Count > 0 ? Federation.Core.Deadlines.TimelinePresets.Cra : [];
        services.AddSingleton(timelines);
        services.AddScoped<Federation.Core.Deadlines.DeadlineService>();
        return services;
    }

    public static IServiceCollection AddFederationNode(this IServiceCollection services, NodeRuntime runtime)
    {
        services.AddOptions<NodeOptions>().BindConfiguration(NodeOptions.SectionName);
        services.AddOptions<OutboxOptions>().BindConfiguration(OutboxOptions.SectionName)
            .Validate(o => o.BatchSize is > 0 and <= 10_000, "Federation:Outbox:BatchSize must be between 1 and 10000.")
            .Validate(o => o.MaxInFlight is > 0 and <= 1024, "Federation:Outbox:MaxInFlight must be between 1 and 1024.")
            .Validate(o => o.MaxAttempts > 0, "Federation:Outbox:MaxAttempts must be positive.")
            .Validate(o => o.InitialBackoff > TimeSpan.Zero && o.MaxBackoff >= o.InitialBackoff, "Federation:Outbox:InitialBackoff must be positive and no more than MaxBackoff.")
            .Validate(o => o.CallTimeout > TimeSpan.Zero && o.PollInterval > TimeSpan.Zero, "Federation:Outbox:CallTimeout and PollInterval must be positive.")
            .ValidateOnStart();

        services.AddSingleton<PeerIdentityResolver>();
        services.AddSingleton<EnvelopeVerifier>();
        services.AddSingleton<EnvelopeSealer>(sp => new EnvelopeSealer(runtime.Node, runtime.Certificate));
        services.AddSingleton<IEnvelopeSealer>(sp => sp.GetRequiredService<EnvelopeSealer>());
        services.AddSingleton<DeliverySignal>();
        services.AddSingleton<IDeliverySignal>(sp => sp.GetRequiredService<DeliverySignal>());
        services.AddSingleton<PeerDirectory>();
        services.AddSingleton<PeerChannelPool>();
        services.AddSingleton<PeerClient>();
        services.AddSingleton<OutboxDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<OutboxDispatcher>());
        services.AddSingleton<Federation.Node.Events.EventHub>();
        services.AddSingleton<Federation.Core.Events.IEventSink>(sp => sp.GetRequiredService<Federation.Node.Events.EventHub>());
        services.AddSingleton<Federation.Node.Events.DeadlineMonitor>();
        services.AddHostedService(sp => sp.GetRequiredService<Federation.Node.Events.DeadlineMonitor>());
        services.AddSingleton<TreatyReviewMonitor>();
        services.AddHostedService(sp => sp.GetRequiredService<TreatyReviewMonitor>());
        services.AddSingleton<StoreWriteTurn>();
        services.AddSingleton<InboxBatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<InboxBatcher>());
        services.AddSingleton<ReevaluationWorker>();
        services.AddSingleton<IReevaluationSignal>(sp => sp.GetRequiredService<ReevaluationWorker>());
        services.AddHostedService(sp => sp.GetRequiredService<ReevaluationWorker>());

        services.AddGrpc(o =>
        {
            o.MaxReceiveMessageSize = runtime.Options.MaxMessageBytes;
            o.MaxSendMessageSize = runtime.Options.MaxMessageBytes;
            o.Interceptors.Add<ExceptionMappingInterceptor>();
        }).AddServiceOptions<AdminGrpcService>(o => o.Interceptors.Add<AdminAuthInterceptor>());
        services.AddGrpcReflection();
        services.AddGrpcHealthChecks().AddCheck<StoreHealthCheck>("store").AddCheck<TreatyHealthCheck>("treaties");
        return services;
    }

    /// <summary>Two listeners: the peer port (mTLS, pinned anchors) and the admin port (loopback h2c, API keys).</summary>
    public static void ConfigureFederationListeners(this IWebHostBuilder webHost, NodeRuntime runtime)
    {
        webHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(System.Net.IPAddress.Parse(runtime.Peer.Address), runtime.Peer.Port, listen =>
            {
                listen.Protocols = HttpProtocols.Http2;
                listen.Use(next => connection =>
                {
                    connection.Items[Listener.ItemKey] = Listener.Peer;
                    return next(connection);
                });
                listen.UseHttps(new HttpsConnectionAdapterOptions
                {
                    ServerCertificate = runtime.Certificate,
                    // Ask for a certificate and let the gate judge it, so a refused caller learns why
                    // (UNAUTHENTICATED, PERMISSION_DENIED) instead of a bare handshake failure.
                    ClientCertificateMode = ClientCertificateMode.AllowCertificate,
                    ClientCertificateValidation = (_, _, _) => true,
                    OnAuthenticate = (_, ssl) => ssl.CertificateChainPolicy = PinnedChainPolicy(runtime),
                });
            });
            kestrel.Listen(System.Net.IPAddress.Parse(runtime.Admin.Address), runtime.Admin.Port, listen =>
            {
                listen.Protocols = HttpProtocols.Http2;
                listen.Use(next => connection =>
                {
                    connection.Items[Listener.ItemKey] = Listener.Admin;
                    return next(connection);
                });
            });
        });
    }

    public static WebApplication MapFederationGrpc(this WebApplication app)
    {
        app.UseMiddleware<PeerGateMiddleware>();
        app.MapGrpcService<PeerGrpcService>();
        app.MapGrpcService<AdminGrpcService>();
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
