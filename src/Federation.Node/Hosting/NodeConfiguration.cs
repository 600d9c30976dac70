using Federation.Node.Options;
using Microsoft.Extensions.Options;

namespace Federation.Node.Hosting;

/// <summary>
/// The node's settings: each section bound once by the options system, checked by its validator,
/// then resolved (files, certificates, treaties) into the <see cref="NodeRuntime"/> everything else uses.
/// </summary>
public static class NodeConfiguration
{
    public static IServiceCollection AddNodeConfiguration(this IServiceCollection services)
    {
        services.AddOptions<NodeOptions>().BindConfiguration(NodeOptions.SectionName).ValidateOnStart();
        services.AddOptions<PeerListenerOptions>().BindConfiguration(PeerListenerOptions.SectionName).ValidateOnStart();
        services.AddOptions<AdminOptions>().BindConfiguration(AdminOptions.SectionName).ValidateOnStart();
        services.AddOptions<OutboxOptions>().BindConfiguration(OutboxOptions.SectionName).ValidateOnStart();
        services.AddOptions<PeerLimitsOptions>().BindConfiguration(PeerLimitsOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<PeerLimitsOptions>, PeerLimitsOptionsValidator>();
        services.AddOptions<PublicationOptions>().BindConfiguration(PublicationOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<NodeOptions>, NodeOptionsValidator>();
        services.AddSingleton<IValidateOptions<PeerListenerOptions>, PeerListenerOptionsValidator>();
        services.AddSingleton<IValidateOptions<AdminOptions>, AdminOptionsValidator>();
        services.AddSingleton<IValidateOptions<OutboxOptions>, OutboxOptionsValidator>();
        services.AddSingleton<IValidateOptions<PublicationOptions>, PublicationOptionsValidator>();
        services.AddOptions<PublicOptions>().BindConfiguration(PublicOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<PublicOptions>, PublicOptionsValidator>();
        services.AddOptions<RevocationOptions>().BindConfiguration(RevocationOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RevocationOptions>, RevocationOptionsValidator>();
        services.AddOptions<CatchUpOptions>().BindConfiguration(CatchUpOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<CatchUpOptions>, CatchUpOptionsValidator>();
        services.AddOptions<TransparencyWitnessOptions>().BindConfiguration(TransparencyWitnessOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TransparencyWitnessOptions>, TransparencyWitnessOptionsValidator>();
        services.AddOptions<TransparencyOptions>().BindConfiguration(TransparencyOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TransparencyOptions>, TransparencyOptionsValidator>();
        services.AddOptions<IntakeOptions>().BindConfiguration(IntakeOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<IntakeOptions>, IntakeOptionsValidator>();
        services.AddSingleton(sp => NodeBootstrap.Prepare(
            sp.GetRequiredService<IOptions<NodeOptions>>().Value,
            sp.GetRequiredService<IOptions<PeerListenerOptions>>().Value,
            sp.GetRequiredService<IOptions<AdminOptions>>().Value,
            sp.GetRequiredService<IOptions<PublicOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger("Federation.Node.Startup")));
        return services;
    }

    /// <summary>
    /// Validates every section and resolves the runtime, before the store opens or a port binds:
    /// a value that cannot be parsed or is out of range becomes a <see cref="StartupException"/> naming it.
    /// </summary>
    public static NodeRuntime Resolve(IServiceProvider services)
    {
        try
        {
            services.GetRequiredService<IStartupValidator>().Validate();
        }
        catch (OptionsValidationException ex)
        {
            throw StartupException.From(ex.Failures);
        }
        catch (AggregateException ex) when (ex.InnerExceptions.All(e => e is OptionsValidationException))
        {
            throw StartupException.From(ex.InnerExceptions.Cast<OptionsValidationException>().SelectMany(e => e.Failures));
        }
        catch (InvalidOperationException ex) when (StartupException.FromBinding(ex) is { } unparsable)
        {
            throw unparsable;
        }

        return services.GetRequiredService<NodeRuntime>();
    }
}
