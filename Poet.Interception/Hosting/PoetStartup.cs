using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Poet.Remote;

namespace Poet.Interception;

/// <summary>
/// The hosted service <c>AddPoet()</c> registers (both containers): before the app takes traffic it compiles the plans
/// of every POET-enabled service, generates their proxy types and registers their functions (so the first call pays
/// none of it, and attribute mistakes stop the start with their message), and in remote mode waits up to
/// <see cref="PoetOptions.StartupTimeout"/> for the service's current versions, so no first call runs stale.
/// </summary>
/// <remarks>
/// POET never breaks the app it serves: a store or service that cannot be used at start-up is logged (category
/// <c>Poet.Hosting</c>) and the app starts anyway, on the declared defaults or the last known parameters.
/// </remarks>
internal sealed partial class PoetStartup : IHostedService
{
    private readonly Func<PoetProxyFactory> _proxies;
    private readonly Func<IReadOnlyList<Type[]>> _enabled;
    private readonly PoetOptions _options;
    private readonly ILogger _logger;

    /// <summary>Creates the start-up step.</summary>
    /// <param name="proxies">Resolves the container's proxy factory (lazily: a store failure is caught here).</param>
    /// <param name="enabled">The interface sets of the POET-enabled registrations.</param>
    /// <param name="options">The options.</param>
    /// <param name="loggerFactory">The app's logger factory.</param>
    public PoetStartup(Func<PoetProxyFactory> proxies, Func<IReadOnlyList<Type[]>> enabled, PoetOptions options, ILoggerFactory loggerFactory)
    {
        _proxies = proxies;
        _enabled = enabled;
        _options = options;
        _logger = loggerFactory.CreateLogger("Poet.Hosting");
    }

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var sets = _enabled();
        if (sets.Count == 0)
        {
            return;
        }

        PoetProxyFactory proxies;
        try
        {
            proxies = _proxies();
        }
        catch (Exception ex)
        {
            LogMachineryUnavailable(_logger, ex);
            return;
        }

        var functions = 0;
        foreach (var set in sets)
        {
            proxies.Prepare(set); // attribute mistakes throw here: the app does not start with a broken service
            functions += proxies.Runtime.Register(set);
        }

        if (proxies.Runtime.Catalog is RemoteFunctionCatalog remote && _options.StartupTimeout > TimeSpan.Zero)
        {
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            wait.CancelAfter(_options.StartupTimeout);
            var synced = false;
            try
            {
                synced = await remote.SyncOnceAsync(wait.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Bounded wait: start on the last known parameters.
            }

            if (!synced)
            {
                LogStartedStale(_logger, _options.StartupTimeout.TotalSeconds);
            }
        }

        LogReady(_logger, functions, sets.Count);
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Debug, Message = "POET ready: {Functions} functions of {Services} services compiled and registered before the first call")]
    private static partial void LogReady(ILogger logger, int functions, int services);

    [LoggerMessage(Level = LogLevel.Warning, Message = "POET service did not give the current versions within {Seconds} s of start-up (PoetOptions.StartupTimeout); calls start on the last known parameters and switch as soon as it answers")]
    private static partial void LogStartedStale(ILogger logger, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "POET could not prepare its services at start-up; they still work, each call using the declared defaults until the cause is fixed")]
    private static partial void LogMachineryUnavailable(ILogger logger, Exception exception);
}
