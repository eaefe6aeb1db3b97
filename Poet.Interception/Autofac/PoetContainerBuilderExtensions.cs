using Autofac;
using Poet.Interception;

namespace Poet;

/// <summary><c>builder.AddPoet()</c>: registers everything POET needs in an Autofac container.</summary>
public static class PoetContainerBuilderExtensions
{
    private const string ConfigureKey = "poet.configure";

    /// <summary>
    /// Registers POET's services once: options (environment variables first, then <paramref name="configure"/>),
    /// domain templates, the function catalog and store, the execution recorder, result links and the proxy
    /// machinery. Every piece is registered as a default, so your own registration of a service (for example an
    /// <see cref="IExecutionRecorder"/>) wins whether it comes before or after this call. Calling it again adds
    /// another configuration step and registers nothing twice.
    /// </summary>
    /// <param name="builder">The container builder.</param>
    /// <param name="configure">Configures <see cref="PoetOptions"/>, for example <c>o =&gt; o.StorePath = ".poet"</c>.</param>
    /// <returns>The builder, for chaining.</returns>
    public static ContainerBuilder AddPoet(this ContainerBuilder builder, Action<PoetOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (builder.Properties.TryGetValue(ConfigureKey, out var existing) && existing is List<Action<PoetOptions>> steps)
        {
            if (configure is not null)
            {
                steps.Add(configure);
            }

            return builder;
        }

        steps = configure is null ? [] : [configure];
        builder.Properties[ConfigureKey] = steps;
        builder.RegisterModule(new PoetServices(steps));
        return builder;
    }
}
