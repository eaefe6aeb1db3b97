using Autofac;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Poet.Interception;

/// <summary>
/// THE SEAM: every service <c>AddPoet()</c> registers, in one place. All are singletons registered with
/// <c>PreserveExistingDefaults()</c>, so a user's (or a test's) own registration of any of them wins.
/// <list type="bullet">
/// <item>Storage: today the in-memory stores. The lead switches <see cref="IFunctionStore"/>,
/// <see cref="IExecutionStore"/> and <see cref="IExecutionRecorder"/> to the file store
/// (<c>PoetFileStore.Open(options, loggerFactory)</c>) here.</item>
/// <item>Learning: <c>IPoetFeedback</c> and <c>IPoetFunctions</c> (Poet.Learning) are registered here once they exist.</item>
/// </list>
/// The interceptor only depends on <see cref="IFunctionCatalog"/>, <see cref="IExecutionRecorder"/>,
/// <see cref="ExecutionLinks"/>, <see cref="DomainCatalog"/>, <see cref="PoetOptions"/> and an optional
/// <see cref="ILoggerFactory"/>.
/// </summary>
internal static class PoetServices
{
    /// <summary>Registers POET's services.</summary>
    /// <param name="builder">The container builder.</param>
    /// <param name="configure">The user's configuration steps (applied after the environment, in order).</param>
    public static void Register(ContainerBuilder builder, IReadOnlyList<Action<PoetOptions>> configure)
    {
        builder.Register(_ =>
            {
                var options = new PoetOptions().ApplyEnvironment();
                foreach (var step in configure)
                {
                    step(options);
                }

                return options;
            })
            .AsSelf().SingleInstance().PreserveExistingDefaults();

        builder.Register(c => new DomainCatalog(c.Resolve<PoetOptions>().Domains))
            .AsSelf().SingleInstance().PreserveExistingDefaults();
        builder.RegisterType<ExecutionLinks>().AsSelf().SingleInstance().PreserveExistingDefaults();

        // ---- Storage seam: switch to the file store here (PoetFileStore.Open(options, loggerFactory)). ----
        builder.Register(_ => new InMemoryFunctionStore()).As<IFunctionStore>().SingleInstance().PreserveExistingDefaults();
        builder.Register(_ => new InMemoryExecutionStore())
            .As<IExecutionStore>().As<IExecutionRecorder>().SingleInstance().PreserveExistingDefaults();

        builder.Register(c => new LocalFunctionCatalog(
                c.Resolve<IFunctionStore>(),
                c.Resolve<DomainCatalog>(),
                LoggerFactory(c).CreateLogger<LocalFunctionCatalog>()))
            .As<IFunctionCatalog>().SingleInstance().PreserveExistingDefaults();

        // ---- Learning seam: register IPoetFeedback and IPoetFunctions (Poet.Learning) here. ----

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
    }

    private static ILoggerFactory LoggerFactory(IComponentContext context) =>
        context.ResolveOptional<ILoggerFactory>() ?? NullLoggerFactory.Instance;
}
