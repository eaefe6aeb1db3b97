using Microsoft.Extensions.DependencyInjection;

namespace Poet.Interception;

/// <summary>
/// Turns a registration into the same registration returning a POET proxy around the instance it used to return:
/// same service type and lifetime; the instance is still created the way the original said (type, factory or
/// instance). The proxy also implements <see cref="IDisposable"/>/<see cref="IAsyncDisposable"/> when the instance
/// does, so the container disposes the instance exactly as it did without POET (registered instances excepted:
/// the container never disposed those).
/// </summary>
internal static class PoetProxyDescriptor
{
    /// <summary>The wrapped registration.</summary>
    /// <param name="original">The service's registration.</param>
    /// <returns>A registration of the same service and lifetime returning a proxy.</returns>
    public static ServiceDescriptor Wrap(ServiceDescriptor original)
    {
        var serviceType = original.ServiceType;
        var ownsInstance = original.ImplementationInstance is null;
        var create = Target(original);
        LastActivator? last = null;
        return ServiceDescriptor.Describe(serviceType, provider =>
        {
            var proxies = provider.GetService<PoetProxyFactory>()
                ?? throw new InvalidOperationException(
                    $"{FunctionIds.TypeName(serviceType)} is registered with EnablePoet(), but POET is not set up in this container. " +
                    "Call services.AddPoet() (once).");
            var target = create(provider);
            var type = target.GetType();
            var known = last;
            if (known is null || known.Factory != proxies || known.Target != type)
            {
                known = new LastActivator(proxies, type, proxies.ActivatorFor(Interfaces(serviceType, target, ownsInstance), type));
                last = known;
            }

            return known.Create(target);
        }, original.Lifetime);
    }

    /// <summary>
    /// The proxy constructor of the type a registration last activated, for the container it was made for (a registration
    /// activates one type, except for factories, and a service collection usually builds one container): a service
    /// resolved per request is wrapped without the interface checks and lookups of its first resolve.
    /// </summary>
    private sealed record LastActivator(PoetProxyFactory Factory, Type Target, Func<object, object> Create);

    private static Func<IServiceProvider, object> Target(ServiceDescriptor original)
    {
        if (original.ImplementationInstance is { } instance)
        {
            return _ => instance;
        }

        if (original.ImplementationFactory is { } factory)
        {
            return factory;
        }

        var type = original.ImplementationType ?? original.ServiceType;
        var activate = ActivatorUtilities.CreateFactory(type, Type.EmptyTypes);
        return provider => activate(provider, null);
    }

    private static Type[] Interfaces(Type serviceType, object target, bool ownsInstance)
    {
        if (!ownsInstance)
        {
            return [serviceType];
        }

        var interfaces = new List<Type>(3) { serviceType };
        if (target is IDisposable && !typeof(IDisposable).IsAssignableFrom(serviceType))
        {
            interfaces.Add(typeof(IDisposable));
        }

        if (target is IAsyncDisposable && !typeof(IAsyncDisposable).IsAssignableFrom(serviceType))
        {
            interfaces.Add(typeof(IAsyncDisposable));
        }

        return [.. interfaces];
    }
}
