using Microsoft.Extensions.DependencyInjection;

namespace Federation.Testing;

/// <summary>Wraps a node's registered service (same lifetime), e.g. to make a real store fail on demand.</summary>
public static class ServiceDecoration
{
    public static IServiceCollection Decorate<TService>(this IServiceCollection services, Func<TService, IServiceProvider, TService> decorate)
        where TService : class
    {
        var registered = services.Last(d => d.ServiceType == typeof(TService));
        services.Remove(registered);
        services.Add(new ServiceDescriptor(typeof(TService), sp => decorate(Inner<TService>(registered, sp), sp), registered.Lifetime));
        return services;
    }

    private static TService Inner<TService>(ServiceDescriptor registered, IServiceProvider services) where TService : class =>
        (TService)(registered.ImplementationInstance
            ?? registered.ImplementationFactory?.Invoke(services)
            ?? ActivatorUtilities.CreateInstance(services, registered.ImplementationType!));
}
