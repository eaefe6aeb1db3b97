using Autofac;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Poet.Remote;

/// <summary>
/// Registers remote mode in an Autofac container: <c>AddPoet</c> calls <see cref="RegisterRemoteServices(ContainerBuilder, PoetOptions)"/>
/// when <see cref="PoetOptions.ServiceEndpoint"/> is set, instead of the local store, catalog, recorder, feedback
/// and functions services.
/// </summary>
/// <remarks>
/// Registers, all single instances: <see cref="IFunctionCatalog"/> (<see cref="RemoteFunctionCatalog"/>),
/// <see cref="IExecutionRecorder"/> (<see cref="RemoteExecutionRecorder"/>), <see cref="IPoetFeedback"/>
/// (<see cref="RemoteFeedback"/>), <see cref="IPoetFunctions"/> (<see cref="RemoteFunctions"/>), and
/// <see cref="ExecutionLinks"/> unless one is already registered. Not registered in remote mode:
/// <see cref="IExecutionStore"/>, <see cref="IFunctionStore"/>, <see cref="IFeedbackStore"/> (they live in the service).
/// Loggers come from an <see cref="ILoggerFactory"/> in the container when there is one.
/// </remarks>
internal static class RemoteServices
{
    /// <summary>Registers remote mode for the service set in <paramref name="options"/>.</summary>
    /// <param name="builder">The container builder.</param>
    /// <param name="options">POET options with <see cref="PoetOptions.ServiceEndpoint"/> set.</param>
    public static void RegisterRemoteServices(ContainerBuilder builder, PoetOptions options) =>
        RegisterRemoteServices(builder, RemoteClientOptions.From(options));

    /// <summary>Registers remote mode with explicit settings (tests: short intervals, an in-process server's handler).</summary>
    /// <param name="builder">The container builder.</param>
    /// <param name="options">The remote settings.</param>
    /// <param name="primaryHandler">The innermost HTTP handler; null = sockets.</param>
    public static void RegisterRemoteServices(ContainerBuilder builder, RemoteClientOptions options, Func<HttpMessageHandler>? primaryHandler = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);

        builder.RegisterInstance(options).SingleInstance();
        builder.Register(c => new RemoteHttpHost(options, primaryHandler)).SingleInstance();
        builder.Register(c => new RemoteServiceClient(c.Resolve<RemoteHttpHost>().Factory, options)).SingleInstance();
        builder.Register(c => new RemoteConnectionMonitor(options, Logger<RemoteConnectionMonitor>(c))).SingleInstance();
        builder.Register(c => new RemoteParameterCache(options, Logger<RemoteParameterCache>(c))).SingleInstance();
        builder.Register(c =>
            {
                var catalog = new RemoteFunctionCatalog(
                    c.Resolve<RemoteServiceClient>(), c.Resolve<RemoteConnectionMonitor>(), c.Resolve<RemoteParameterCache>(), options, Logger<RemoteFunctionCatalog>(c));
                if (options.UseVersionEvents)
                {
                    // The catalog owns the event stream (and disposes it); versions then arrive pushed, not polled.
                    _ = new RemoteVersionEvents(c.Resolve<RemoteHttpHost>().Factory, catalog, Logger<RemoteVersionEvents>(c));
                }

                return catalog;
            })
            .As<IFunctionCatalog>().AsSelf().SingleInstance();
        builder.Register(c => new RemoteExecutionRecorder(
                c.Resolve<RemoteServiceClient>(), c.Resolve<RemoteConnectionMonitor>(), options, c.ResolveOptional<ILoggerFactory>() ?? NullLoggerFactory.Instance))
            .As<IExecutionRecorder>().AsSelf().SingleInstance();
        builder.Register(c => new RemoteFeedback(
                c.Resolve<RemoteServiceClient>(), c.Resolve<RemoteExecutionRecorder>(), c.Resolve<RemoteFunctionCatalog>(), c.Resolve<ExecutionLinks>(), c.Resolve<RemoteConnectionMonitor>(), options))
            .As<IPoetFeedback>().SingleInstance();
        builder.Register(c => new RemoteFunctions(c.Resolve<RemoteServiceClient>(), c.Resolve<RemoteFunctionCatalog>()))
            .As<IPoetFunctions>().SingleInstance();
        builder.RegisterType<ExecutionLinks>().SingleInstance().IfNotRegistered(typeof(ExecutionLinks));
    }

    private static ILogger<T> Logger<T>(IComponentContext context) =>
        context.ResolveOptional<ILoggerFactory>()?.CreateLogger<T>() ?? NullLogger<T>.Instance;
}
