using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Poet.AspNetCore.Dashboard;
using Poet.AspNetCore.Security;

namespace Poet;

/// <summary>Registers what <c>app.MapPoetEndpoints()</c> needs.</summary>
public static class PoetEndpointServiceCollectionExtensions
{
    /// <summary>
    /// Registers the <c>/poet/*</c> endpoints' options (bound to <c>Poet:Endpoints</c>, then <c>AITOMATIC_API_KEY</c>,
    /// then <c>POET_API_KEY</c>, then <paramref name="configure"/>), validated when the application starts, and
    /// problem details for errors. The POET services themselves (<see cref="IPoetFunctions"/>,
    /// <see cref="IPoetFeedback"/>, <see cref="IExecutionStore"/>) come from <c>AddPoet</c>.
    /// </summary>
    /// <param name="services">The application's services.</param>
    /// <param name="configure">Sets options in code; wins over configuration and environment.</param>
    /// <returns>The services, for chaining.</returns>
    public static IServiceCollection AddPoetEndpoints(this IServiceCollection services, Action<PoetEndpointOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);

        var options = services.AddOptions<PoetEndpointOptions>().BindConfiguration(PoetEndpointOptions.SectionName);
        options.Configure(static o => ApiKeyEnvironment.Apply(o, Environment.GetEnvironmentVariable));
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PoetEndpointOptions>, PoetEndpointOptionsValidator>());
        services.TryAddSingleton<ApiKeyAuthenticator>();
        services.TryAddSingleton<PoetEndpointsMarker>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ExecutionObserver>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, ExecutionObserverStartup>());
        services.AddProblemDetails();
        return services;
    }
}
