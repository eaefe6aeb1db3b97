using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Poet.Remote;

namespace Poet.Interception;

/// <summary>
/// Remote mode's services for <c>services.AddPoet()</c>, the Microsoft.Extensions.DependencyInjection form of
/// <see cref="RemoteServices"/>: the same objects, created only when the options choose remote mode.
/// </summary>
internal static class RemoteServiceDescriptors
{
    /// <summary>Adds the remote-mode services.</summary>
    /// <param name="services">The service collection.</param>
    public static void Add(IServiceCollection services)
    {
        services.TryAddSingleton(sp => RemoteClientOptions.From(sp.GetRequiredService<PoetOptions>()));
        services.TryAddSingleton(sp => new RemoteHttpHost(sp.GetRequiredService<RemoteClientOptions>(), null));
        services.TryAddSingleton(sp => new RemoteServiceClient(sp.GetRequiredService<RemoteHttpHost>().Factory, sp.GetRequiredService<RemoteClientOptions>()));
        services.TryAddSingleton(sp => new RemoteConnectionMonitor(sp.GetRequiredService<RemoteClientOptions>(), Logger<RemoteConnectionMonitor>(sp)));
        services.TryAddSingleton(sp => new RemoteParameterCache(sp.GetRequiredService<RemoteClientOptions>(), Logger<RemoteParameterCache>(sp)));
        services.TryAddSingleton(sp => new RemoteFunctionCatalog(
            sp.GetRequiredService<RemoteServiceClient>(), sp.GetRequiredService<RemoteConnectionMonitor>(), sp.GetRequiredService<RemoteParameterCache>(),
            sp.GetRequiredService<RemoteClientOptions>(), Logger<RemoteFunctionCatalog>(sp)));
        services.TryAddSingleton(sp => new RemoteExecutionRecorder(
            sp.GetRequiredService<RemoteServiceClient>(), sp.GetRequiredService<RemoteConnectionMonitor>(), sp.GetRequiredService<RemoteClientOptions>(),
            sp.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance));
        services.TryAddSingleton(sp => new RemoteFeedback(
            sp.GetRequiredService<RemoteServiceClient>(), sp.GetRequiredService<RemoteExecutionRecorder>(), sp.GetRequiredService<RemoteFunctionCatalog>(),
            sp.GetRequiredService<ExecutionLinks>(), sp.GetRequiredService<RemoteConnectionMonitor>(), sp.GetRequiredService<RemoteClientOptions>()));
        services.TryAddSingleton(sp => new RemoteFunctions(sp.GetRequiredService<RemoteServiceClient>(), sp.GetRequiredService<RemoteFunctionCatalog>()));
    }

    private static ILogger<T> Logger<T>(IServiceProvider sp) => sp.GetService<ILoggerFactory>()?.CreateLogger<T>() ?? NullLogger<T>.Instance;
}
