using Autofac;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Poet.Remote;

namespace Poet.Interception;

/// <summary>
/// Every service <c>AddPoet()</c> registers, in one place. An Autofac module, so it runs when the container is built,
/// after every <c>AddPoet(configure)</c> step: the options are resolved once (environment first, then the steps in
/// order) and choose the mode.
/// <list type="bullet">
/// <item>Local mode (default): the file store in <see cref="PoetOptions.StorePath"/>, the local catalog, and the
/// learning services (feedback, trainer, versions), with the LLM translator first in the chain when configured.</item>
/// <item>Remote mode (<see cref="PoetOptions.ServiceEndpoint"/> set): catalog, recorder, feedback and functions talk to
/// the POET service; nothing is stored locally but the parameter cache.</item>
/// </list>
/// Services are singletons registered with <c>PreserveExistingDefaults()</c>, so a user's (or a test's) own
/// registration of any of them wins.
/// </summary>
/// <param name="configure">The user's configuration steps.</param>
internal sealed class PoetServices(IReadOnlyList<Action<PoetOptions>> configure) : Module
{
    /// <inheritdoc />
    protected override void Load(ContainerBuilder builder)
    {
        var options = new PoetOptions().ApplyEnvironment();
        foreach (var step in configure)
        {
            step(options);
        }

        PoetOptionsValidator.ThrowIfInvalid(options); // the same checks services.AddPoet() runs at start-up

        builder.RegisterInstance(options).AsSelf().SingleInstance().PreserveExistingDefaults();
        builder.Register(c => new DomainCatalog(c.Resolve<PoetOptions>().Domains))
            .AsSelf().SingleInstance().PreserveExistingDefaults();
        builder.RegisterType<ExecutionLinks>().AsSelf().SingleInstance().PreserveExistingDefaults();

        if (options.ServiceEndpoint is not null)
        {
            RemoteServices.RegisterRemoteServices(builder, options);
        }
        else
        {
            RegisterLocalStore(builder, options);
            RegisterLearning(builder, options);
        }

        // Interception machinery (internal): one runtime, one ProxyGenerator and one interceptor per container.
        builder.Register(c => new PoetRuntime(
                c.Resolve<PoetOptions>(),
                c.Resolve<DomainCatalog>(),
                c.Resolve<IFunctionCatalog>(),
                c.Resolve<IExecutionRecorder>(),
                c.Resolve<ExecutionLinks>(),
                LoggerFactory(c)))
            .AsSelf().SingleInstance();
        builder.Register(c => new PoetProxyFactory(c.Resolve<PoetRuntime>())).AsSelf().SingleInstance();

        // Start-up under a host (AutofacServiceProviderFactory): compile and register every EnablePoet() registration first.
        builder.Register(c =>
            {
                var context = c.Resolve<IComponentContext>();
                return new PoetStartup(
                    context.Resolve<PoetProxyFactory>,
                    () => EnabledInterfaces(context),
                    context.Resolve<PoetOptions>(),
                    LoggerFactory(context));
            })
            .As<IHostedService>().SingleInstance();
    }

    private static void RegisterLocalStore(ContainerBuilder builder, PoetOptions options)
    {
        // Opened on first use; a misconfigured path fails there with a PoetStoreException naming it. A folder that cannot
        // be written (read-only, full, blocked) opens unusable: calls run with defaults and health says why.
        if (options.StoreFactory is null)
        {
            builder.Register(c => PoetFileStore.Open(c.Resolve<PoetOptions>(), LoggerFactory(c))).AsSelf().SingleInstance();
            builder.Register(c => c.Resolve<PoetFileStore>()).As<IPoetStore>().SingleInstance().ExternallyOwned();
        }
        else
        {
            // Another backend (UseStore / UsePostgreSql): the container owns and disposes it.
            builder.Register(c => c.Resolve<PoetOptions>().OpenStore(LoggerFactory(c))).As<IPoetStore>().SingleInstance();
        }

        builder.Register(c => c.Resolve<IPoetStore>().Functions).As<IFunctionStore>()
            .SingleInstance().ExternallyOwned().PreserveExistingDefaults();
        builder.Register(c => c.Resolve<IPoetStore>().Executions).As<IExecutionStore>().As<IExecutionRecorder>()
            .SingleInstance().ExternallyOwned().PreserveExistingDefaults();
        builder.Register(c => c.Resolve<IPoetStore>().Feedback).As<IFeedbackStore>()
            .SingleInstance().ExternallyOwned().PreserveExistingDefaults();

        builder.Register(c => new LocalFunctionCatalog(
                c.Resolve<IFunctionStore>(),
                c.Resolve<DomainCatalog>(),
                LoggerFactory(c).CreateLogger<LocalFunctionCatalog>())
        {
            TrainMapProposer = c.ResolveOptional<ITrainMapProposer>(),
        })
            .As<IFunctionCatalog>().SingleInstance().PreserveExistingDefaults();
    }

    private static void RegisterLearning(ContainerBuilder builder, PoetOptions options)
    {
        if (options.ChatClient is not null || options.OllamaEndpoint is not null)
        {
            var settings = LlmResilienceSettings.From(options); // fails fast on a bad Llm* option, naming it
            builder.Register(c => new PoetChatClientProvider(c.Resolve<PoetOptions>())).AsSelf().SingleInstance();
            builder.Register(c => new LlmChatCaller(
                    c.Resolve<PoetChatClientProvider>().Client!, settings, LoggerFactory(c).CreateLogger<LlmChatCaller>()))
                .AsSelf().SingleInstance();
            builder.Register(c => new LlmFeedbackTranslator(
                    c.Resolve<LlmChatCaller>(), c.Resolve<PoetOptions>(), LoggerFactory(c).CreateLogger<LlmFeedbackTranslator>()))
                .As<IFeedbackTranslator>().SingleInstance();
            builder.Register(c => new LlmTrainMapProposer(
                    c.Resolve<LlmChatCaller>(), c.Resolve<IFunctionStore>(), c.Resolve<DomainCatalog>(), c.Resolve<PoetOptions>(),
                    LoggerFactory(c).CreateLogger<LlmTrainMapProposer>()))
                .As<ITrainMapProposer>().SingleInstance();
        }

        // One consistent set (trainer and rollback share the per-function locks), built once from the stores above.
        builder.Register(c => new PoetLearningServices(
                c.Resolve<IFunctionStore>(),
                c.Resolve<IExecutionStore>(),
                c.Resolve<IFeedbackStore>(),
                c.Resolve<ExecutionLinks>(),
                c.Resolve<DomainCatalog>(),
                c.Resolve<PoetOptions>(),
                c.Resolve<IEnumerable<IFeedbackTranslator>>(),
                loggerFactory: LoggerFactory(c)))
            .AsSelf().SingleInstance();
        builder.Register(c => c.Resolve<PoetLearningServices>().Feedback).As<IPoetFeedback>().SingleInstance().PreserveExistingDefaults();
        builder.Register(c => c.Resolve<PoetLearningServices>().Functions).As<IPoetFunctions>().SingleInstance().PreserveExistingDefaults();
    }

    private static List<Type[]> EnabledInterfaces(IComponentContext context)
    {
        var proxies = context.Resolve<PoetProxyFactory>();
        return [.. context.ComponentRegistry.Registrations
            .Where(r => r.Metadata.ContainsKey(PoetProxyMiddleware.MetadataKey))
            .Select(proxies.InterfacesOf)];
    }

    private static ILoggerFactory LoggerFactory(IComponentContext context) =>
        context.ResolveOptional<ILoggerFactory>() ?? NullLoggerFactory.Instance;
}
