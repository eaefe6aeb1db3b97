using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Poet.Remote;

namespace Poet.Interception;

/// <summary>
/// Every service <c>services.AddPoet()</c> registers, the Microsoft.Extensions.DependencyInjection form of the
/// Autofac module <see cref="PoetServices"/> (same services, same constructors). The options are known only when
/// first resolved (configuration binding), so the mode is chosen then: the public services resolve to the local
/// (file store, learning) or the remote implementation. All are singletons added with <c>TryAdd</c>, so a user's own
/// registration of any of them wins.
/// </summary>
internal static class PoetServiceDescriptors
{
    /// <summary>Adds the services (once: the marker registered here tells <c>AddPoet</c> they are there).</summary>
    /// <param name="services">The service collection.</param>
    public static void Add(IServiceCollection services)
    {
        services.AddSingleton(new PoetServicesMarker());
        services.AddOptions<PoetOptions>().ValidateOnStart();
        services.AddSingleton<IConfigureOptions<PoetOptions>, PoetConfigurationSetup>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PoetOptions>, PoetOptionsValidator>());
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<PoetOptions>>().Value);
        services.TryAddSingleton(sp => new DomainCatalog(sp.GetRequiredService<PoetOptions>().Domains));
        services.TryAddSingleton<ExecutionLinks>();

        AddLocal(services);
        RemoteServiceDescriptors.Add(services);

        services.TryAddSingleton<IFunctionCatalog>(sp => IsRemote(sp)
            ? sp.GetRequiredService<RemoteFunctionCatalog>()
            : new LocalFunctionCatalog(sp.GetRequiredService<IFunctionStore>(), sp.GetRequiredService<DomainCatalog>(), Loggers(sp).CreateLogger<LocalFunctionCatalog>())
            {
                TrainMapProposer = sp.GetService<ITrainMapProposer>() ?? LlmProposer(sp),
            });
        services.TryAddSingleton<IExecutionRecorder>(sp => IsRemote(sp)
            ? sp.GetRequiredService<RemoteExecutionRecorder>()
            : sp.GetRequiredService<IExecutionStore>());
        services.TryAddSingleton<IPoetFeedback>(sp => IsRemote(sp)
            ? sp.GetRequiredService<RemoteFeedback>()
            : sp.GetRequiredService<PoetLearningServices>().Feedback);
        services.TryAddSingleton<IPoetFunctions>(sp => IsRemote(sp)
            ? sp.GetRequiredService<RemoteFunctions>()
            : sp.GetRequiredService<PoetLearningServices>().Functions);

        services.TryAddSingleton(sp => new PoetRuntime(
            sp.GetRequiredService<PoetOptions>(),
            sp.GetRequiredService<DomainCatalog>(),
            sp.GetRequiredService<IFunctionCatalog>(),
            sp.GetRequiredService<IExecutionRecorder>(),
            sp.GetRequiredService<ExecutionLinks>(),
            Loggers(sp)));
        services.TryAddSingleton(sp => new PoetProxyFactory(sp.GetRequiredService<PoetRuntime>()));
        services.AddSingleton<IHostedService>(sp => new PoetStartup(
            sp.GetRequiredService<PoetProxyFactory>,
            () => sp.GetService<PoetEnabledServices>()?.Types.Select(t => new[] { t }).ToList() ?? [],
            sp.GetRequiredService<PoetOptions>(),
            Loggers(sp)));
    }

    private static void AddLocal(IServiceCollection services)
    {
        // Opened on first use; a misconfigured StorePath fails there with a PoetStoreException naming it (an unwritable
        // folder opens unusable: calls run with defaults, health says why, and recording resumes once it can be written).
        // The file store, or the backend chosen with PoetOptions.UseStore (e.g. UsePostgreSql), as in the Autofac module.
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<PoetOptions>();
            return options.StoreFactory is null ? (IPoetStore)PoetFileStore.Open(options, Loggers(sp)) : options.OpenStore(Loggers(sp));
        });
        services.TryAddSingleton(sp => LocalOnly(sp).GetRequiredService<IPoetStore>().Functions);
        services.TryAddSingleton(sp => LocalOnly(sp).GetRequiredService<IPoetStore>().Executions);
        services.TryAddSingleton(sp => LocalOnly(sp).GetRequiredService<IPoetStore>().Feedback);

        services.TryAddSingleton(sp => new PoetChatClientProvider(sp.GetRequiredService<PoetOptions>()));
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<PoetOptions>();
            return new LlmChatCaller(
                sp.GetRequiredService<PoetChatClientProvider>().Client!, LlmResilienceSettings.From(options), Loggers(sp).CreateLogger<LlmChatCaller>());
        });

        // One consistent set (trainer and rollback share the per-function locks): the LLM translator first when
        // configured, then the user's translators; the offline translator always serves last.
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<PoetOptions>();
            IEnumerable<IFeedbackTranslator> translators = sp.GetServices<IFeedbackTranslator>();
            if (UsesLlm(options))
            {
                translators = translators.Prepend(new LlmFeedbackTranslator(
                    sp.GetRequiredService<LlmChatCaller>(), options, Loggers(sp).CreateLogger<LlmFeedbackTranslator>()));
            }

            return new PoetLearningServices(
                sp.GetRequiredService<IFunctionStore>(),
                sp.GetRequiredService<IExecutionStore>(),
                sp.GetRequiredService<IFeedbackStore>(),
                sp.GetRequiredService<ExecutionLinks>(),
                sp.GetRequiredService<DomainCatalog>(),
                options,
                [.. translators],
                loggerFactory: Loggers(sp));
        });
    }

    /// <summary>Registered once by <see cref="Add"/>: tells <c>AddPoet</c> that POET's services are there.</summary>
    internal sealed class PoetServicesMarker;

    private static LlmTrainMapProposer? LlmProposer(IServiceProvider sp)
    {
        var options = sp.GetRequiredService<PoetOptions>();
        return UsesLlm(options)
            ? new LlmTrainMapProposer(
                sp.GetRequiredService<LlmChatCaller>(), sp.GetRequiredService<IFunctionStore>(), sp.GetRequiredService<DomainCatalog>(), options,
                Loggers(sp).CreateLogger<LlmTrainMapProposer>())
            : null;
    }

    private static bool UsesLlm(PoetOptions options) => options.ChatClient is not null || options.OllamaEndpoint is not null;

    private static bool IsRemote(IServiceProvider sp) => sp.GetRequiredService<PoetOptions>().ServiceEndpoint is not null;

    private static IServiceProvider LocalOnly(IServiceProvider sp) => IsRemote(sp)
        ? throw new InvalidOperationException(
            "POET runs in remote mode (PoetOptions.UseService / AITOMATIC_API_URL), where functions, executions and feedback live in the POET service: " +
            "there is no local IFunctionStore, IExecutionStore or IFeedbackStore. Use IPoetFunctions and IPoetFeedback, or the service's /poet/* API.")
        : sp;

    private static ILoggerFactory Loggers(IServiceProvider sp) => sp.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance;
}
