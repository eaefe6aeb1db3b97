using Microsoft.Extensions.DependencyInjection;
using Poet.Interception;

namespace Poet;

/// <summary>
/// <c>services.AddPoet()</c> and <c>services.EnablePoet&lt;TService&gt;()</c>: POET for
/// Microsoft.Extensions.DependencyInjection (ASP.NET Core's container, the generic host, or Autofac through
/// <c>AutofacServiceProviderFactory</c>), with the same behaviour as the Autofac <c>builder.AddPoet()</c>.
/// </summary>
public static class PoetServiceCollectionExtensions
{
    /// <summary>
    /// Registers POET's services once: <see cref="PoetOptions"/> (the <c>Poet</c> configuration section when an
    /// <c>IConfiguration</c> is registered, then POET's environment variables, then <paramref name="configure"/>:
    /// code wins), validated at start-up; the store or the remote client (chosen by the options when first resolved);
    /// <see cref="IPoetFeedback"/>, <see cref="IPoetFunctions"/>; and a hosted service that compiles and registers every
    /// POET function before the app takes traffic. Every service is added with <c>TryAdd</c>: register your own (for
    /// example an <see cref="IExecutionRecorder"/>) before or after this call and yours is used. Calling it again adds
    /// another configuration step and registers nothing twice.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Configures <see cref="PoetOptions"/>, for example <c>o =&gt; o.StorePath = ".poet"</c>.</param>
    /// <returns>The service collection, for chaining.</returns>
    public static IServiceCollection AddPoet(this IServiceCollection services, Action<PoetOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (!services.Any(d => d.ServiceType == typeof(PoetServiceDescriptors.PoetServicesMarker)))
        {
            PoetServiceDescriptors.Add(services);
        }

        if (configure is not null)
        {
            services.Configure(configure);
        }

        return services;
    }

    /// <summary>
    /// Makes resolved <typeparamref name="TService"/> instances POET proxies: calls to <see cref="PoetAttribute"/>
    /// methods get Perceive, Operate, Enforce, recording and learned parameters; other methods pass straight through.
    /// Call it after the service's registration (<c>AddSingleton</c>, <c>AddScoped</c>, <c>AddTransient</c>, with a
    /// type, a factory or an instance). The lifetime is unchanged: the container still creates, shares and disposes
    /// your instance as before. Needs <see cref="AddPoet"/> (before or after). Enabling twice wraps once.
    /// </summary>
    /// <typeparam name="TService">The service interface, as registered.</typeparam>
    /// <param name="services">The service collection.</param>
    /// <returns>The service collection, for chaining.</returns>
    /// <exception cref="InvalidOperationException"><typeparamref name="TService"/> is not an interface or is not registered yet.</exception>
    public static IServiceCollection EnablePoet<TService>(this IServiceCollection services)
        where TService : class
    {
        ArgumentNullException.ThrowIfNull(services);
        var serviceType = typeof(TService);
        var name = FunctionIds.TypeName(serviceType);
        if (!serviceType.IsInterface)
        {
            throw new InvalidOperationException(
                $"EnablePoet<{name}>(): POET proxies implement interfaces, and {name} is a class. Register the service as an interface, " +
                $"e.g. services.AddSingleton<IMyService, {name}>().EnablePoet<IMyService>().");
        }

        var enabled = PoetEnabledServices.In(services);
        if (enabled.Contains(serviceType))
        {
            return services;
        }

        var index = -1;
        for (var i = services.Count - 1; i >= 0; i--)
        {
            if (services[i].ServiceType == serviceType && !services[i].IsKeyedService)
            {
                index = i;
                break;
            }
        }

        if (index < 0)
        {
            throw new InvalidOperationException(
                $"EnablePoet<{name}>(): no {name} is registered yet. Register it first, e.g. services.AddSingleton<{name}, MyImplementation>(), " +
                $"then call services.EnablePoet<{name}>().");
        }

        services[index] = PoetProxyDescriptor.Wrap(services[index]);
        enabled.Add(serviceType);
        return services;
    }
}
